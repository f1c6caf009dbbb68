from django.urls import path

from grassroots.surveys.views import public
from grassroots.surveys.views import staff as views

app_name = "surveys"
urlpatterns = [
    path("", views.survey_list, name="list"),
    path("new/", views.survey_create, name="create"),
    path("answer/", public.answer, name="answer"),
    path("<int:survey_id>/", views.survey_detail, name="detail"),
    path("<int:survey_id>/draw/", views.survey_draw, name="draw"),
    path("<int:survey_id>/start/", views.survey_start, name="start"),
    path("<int:survey_id>/close/", views.survey_close, name="close"),
    path("<int:survey_id>/calls/", views.call_sheet, name="calls"),
    path("<int:survey_id>/links/", views.link_sheet, name="links"),
    path("sampled/<int:sampled_id>/record/", views.record_call, name="record"),
    path("sampled/<int:sampled_id>/phone/", views.reveal_phone, name="phone"),
]
