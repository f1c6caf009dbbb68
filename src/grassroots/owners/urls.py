from django.urls import path

from grassroots.owners import views

app_name = "owners"
urlpatterns = [
    path("", views.vote_list, name="votes"),
    path("votes/new/", views.vote_create, name="vote_create"),
    path("votes/<int:vote_id>/", views.vote_detail, name="vote"),
    path("votes/<int:vote_id>/tally/", views.vote_tally, name="vote_tally"),
    path("votes/<int:vote_id>/close/", views.vote_close, name="vote_close"),
    path("votes/<int:vote_id>/ballots.docx", views.vote_ballots, name="vote_ballots"),
    path("votes/<int:vote_id>/notice.docx", views.vote_notice, name="vote_notice"),
    path("estates/", views.estate_list, name="estates"),
    path("estates/company/", views.company_create, name="company_create"),
    path("estates/committee/", views.committee_create, name="committee_create"),
    # The owner's own ballot (no sign-in): the signed one-time link travels as ?t=.
    path("v/", views.online_ballot, name="online"),
]
