from django.urls import path

from grassroots.pairing import views

app_name = "pairing"

urlpatterns = [
    path("", views.pairing_list, name="list"),
    path("board/", views.board_page, name="board"),
    path("board/export.xlsx", views.board_xlsx, name="board_xlsx"),
    path("board/export.docx", views.board_docx, name="board_docx"),
    path("<int:pairing_id>/", views.pairing_detail, name="detail"),
    path("<int:pairing_id>/agreements/", views.agreement_add, name="agreement_add"),
    path("<int:pairing_id>/pledges/", views.pledge_add, name="pledge_add"),
    path("agreements/<int:agreement_id>/file/", views.agreement_file, name="agreement_file"),
    path("pledges/<int:pledge_id>/", views.pledge_detail, name="pledge"),
    path("pledges/<int:pledge_id>/progress/", views.progress, name="progress"),
    path("pledges/<int:pledge_id>/evidence/", views.evidence_add, name="evidence_add"),
    path("pledges/<int:pledge_id>/close/", views.close, name="close"),
    path("pledges/<int:pledge_id>/reopen/", views.reopen, name="reopen"),
    path("evidence/<int:evidence_id>/", views.evidence_file, name="evidence"),
]

# The three lists (问题清单、责任清单、任务清单) and visits (走访、联合调研).
urlpatterns += [
    path("<int:pairing_id>/problems/", views.problem_add, name="problem_add"),
    path("<int:pairing_id>/tasks/", views.task_add, name="task_add"),
    path("<int:pairing_id>/visits/", views.visit_add, name="visit_add"),
    path(
        "findings/<int:pairing_finding_id>/problem/",
        views.finding_to_problem,
        name="finding_problem",
    ),
    path("tasks/<int:pairing_task_id>/", views.task_detail, name="task"),
    path("tasks/<int:pairing_task_id>/progress/", views.task_progress, name="task_progress"),
    path(
        "tasks/<int:pairing_task_id>/evidence/", views.task_evidence_add, name="task_evidence_add"
    ),
    path("tasks/<int:pairing_task_id>/close/", views.task_close, name="task_close"),
    path("tasks/<int:pairing_task_id>/reopen/", views.task_reopen, name="task_reopen"),
    path(
        "task-evidence/<int:pairing_task_evidence_id>/",
        views.task_evidence_file,
        name="task_evidence",
    ),
    path("visits/<int:pairing_visit_id>/answer/", views.visit_answer, name="visit_answer"),
]
