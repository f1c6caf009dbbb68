from django.urls import path

from grassroots.training import views, views_brief, views_session, views_speech

app_name = "training"
urlpatterns = [
    path("", views.class_list, name="list"),
    path("new/", views.class_create, name="create"),
    path("check-in/", views_session.check_in_page, name="check_in"),
    path("mine/", views_session.my_training, name="mine"),
    path("<int:class_id>/", views.class_detail, name="detail"),
    path("<int:class_id>/edit/", views.class_edit, name="edit"),
    path("<int:class_id>/sessions/new/", views.session_add, name="session_add"),
    path("<int:class_id>/enrolment/", views.enrolment, name="enrolment"),
    path("<int:class_id>/completion.xlsx", views.completion_export, name="completion"),
    path("<int:class_id>/brief/", views_brief.brief_page, name="brief"),
    path("<int:class_id>/brief.docx", views_brief.brief_docx, name="brief_docx"),
    path("<int:class_id>/brief.pdf", views_brief.brief_pdf, name="brief_pdf"),
    path("sessions/<int:session_id>/qr/", views_session.session_qr, name="qr"),
    path(
        "sessions/<int:session_id>/attendance/", views_session.session_attendance, name="attendance"
    ),
    path("sessions/<int:session_id>/attendance/mark/", views_session.attendance_mark, name="mark"),
    path(
        "sessions/<int:session_id>/classrooms/new/",
        views_session.classroom_add,
        name="classroom_add",
    ),
    path(
        "classrooms/<int:classroom_id>/assign/",
        views_session.classroom_assign,
        name="classroom_assign",
    ),
    path("sessions/<int:session_id>/feedback/", views_session.session_feedback, name="feedback"),
    path("sessions/<int:session_id>/speeches/", views_speech.speeches, name="speeches"),
    path("speeches/<int:speech_id>/edit/", views_speech.speech_edit, name="speech_edit"),
    path("speeches/<int:speech_id>/move/", views_speech.speech_move, name="speech_move"),
    path("speeches/<int:speech_id>/delete/", views_speech.speech_delete, name="speech_delete"),
]
