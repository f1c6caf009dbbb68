from django.urls import path

from grassroots.training.views import brief, classes, session, speech

app_name = "training"
urlpatterns = [
    path("", classes.class_list, name="list"),
    path("new/", classes.class_create, name="create"),
    path("check-in/", session.check_in_page, name="check_in"),
    path("mine/", session.my_training, name="mine"),
    path("<int:class_id>/", classes.class_detail, name="detail"),
    path("<int:class_id>/edit/", classes.class_edit, name="edit"),
    path("<int:class_id>/sessions/new/", classes.session_add, name="session_add"),
    path("<int:class_id>/enrolment/", classes.enrolment, name="enrolment"),
    path("<int:class_id>/completion.xlsx", classes.completion_export, name="completion"),
    path("<int:class_id>/brief/", brief.brief_page, name="brief"),
    path("<int:class_id>/brief.docx", brief.brief_docx, name="brief_docx"),
    path("<int:class_id>/brief.pdf", brief.brief_pdf, name="brief_pdf"),
    path("sessions/<int:session_id>/qr/", session.session_qr, name="qr"),
    path("sessions/<int:session_id>/attendance/", session.session_attendance, name="attendance"),
    path("sessions/<int:session_id>/attendance/mark/", session.attendance_mark, name="mark"),
    path(
        "sessions/<int:session_id>/classrooms/new/",
        session.classroom_add,
        name="classroom_add",
    ),
    path(
        "classrooms/<int:classroom_id>/assign/",
        session.classroom_assign,
        name="classroom_assign",
    ),
    path("sessions/<int:session_id>/feedback/", session.session_feedback, name="feedback"),
    path("sessions/<int:session_id>/speeches/", speech.speeches, name="speeches"),
    path("speeches/<int:speech_id>/edit/", speech.speech_edit, name="speech_edit"),
    path("speeches/<int:speech_id>/move/", speech.speech_move, name="speech_move"),
    path("speeches/<int:speech_id>/delete/", speech.speech_delete, name="speech_delete"),
]
