from django.urls import path

from grassroots.accounts import views, views_two_factor

app_name = "accounts"
urlpatterns = [
    path("sign-in/", views.sign_in, name="sign_in"),
    path("sign-out/", views.sign_out, name="sign_out"),
    path("password/", views.change_password, name="change_password"),
    path("two-factor/", views_two_factor.step, name="two_factor"),
    path("two-factor/setup/", views_two_factor.setup, name="two_factor_setup"),
    path("two-factor/settings/", views_two_factor.settings_page, name="two_factor_settings"),
    path("tokens/", views_two_factor.own_tokens, name="tokens"),
]
