from django.urls import path

from grassroots.indicators import views

app_name = "indicators"
urlpatterns = [
    path("", views.scorecard, name="scorecard"),
    path("scorecard.xlsx", views.scorecard_xlsx, name="scorecard_xlsx"),
    path("scorecard.docx", views.scorecard_docx, name="scorecard_docx"),
    path("rankings/", views.rankings, name="rankings"),
    path("rankings.xlsx", views.rankings_xlsx, name="rankings_xlsx"),
    path("<slug:code>/", views.figure, name="figure"),
]
