from django.urls import path

from grassroots.accounts import views
from grassroots.accounts.views import second_factor

app_name = "accounts"
urlpatterns = [
    path("sign-in/", views.sign_in, name="sign_in"),
    path("sign-out/", views.sign_out, name="sign_out"),
    path("password/", views.change_password, name="change_password"),
    path("two-factor/", second_factor.step, name="two_factor"),
    path("two-factor/setup/", second_factor.setup, name="two_factor_setup"),
    path("two-factor/settings/", second_factor.settings_page, name="two_factor_settings"),
    path("tokens/", second_factor.own_tokens, name="tokens"),
]
