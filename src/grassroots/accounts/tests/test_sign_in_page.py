"""The sign-in page leads a resident without an account to the public demand pages."""


def test_the_sign_in_page_links_the_public_demand_and_tracking_pages(client, db):
    page = client.get("/accounts/sign-in/").content.decode()
    assert 'href="/demands/public/"' in page and 'href="/demands/public/track/"' in page
