from django.urls import path

from grassroots.rentals import views

app_name = "rentals"
urlpatterns = [
    path("", views.campaign_list, name="list"),
    path("campaigns/new/", views.campaign_create, name="create"),
    path("campaigns/<int:rental_campaign_id>/", views.campaign_report, name="report"),
    path("cases/<int:rental_case_id>/", views.case_detail, name="case"),
    path("cases/<int:rental_case_id>/record/", views.case_record, name="record"),
]
