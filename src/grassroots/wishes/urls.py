from django.urls import path

from grassroots.wishes import views

app_name = "wishes"

urlpatterns = [
    path("", views.wish_list, name="list"),
    path("new/", views.wish_new, name="new"),
    path("<int:wish_id>/", views.wish_detail, name="detail"),
    path("<int:wish_id>/claim/", views.wish_claim, name="claim"),
    path("<int:wish_id>/fulfil/", views.wish_fulfil, name="fulfil"),
    path("<int:wish_id>/confirm/", views.wish_confirm, name="confirm"),
    path("<int:wish_id>/return/", views.wish_return, name="return"),
    path("<int:wish_id>/cancel/", views.wish_cancel, name="cancel"),
    path("photos/<int:wish_photo_id>/", views.wish_photo, name="photo"),
]
