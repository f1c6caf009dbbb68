"""The fulfilment photo: really an image, not too large, served only to those who see the wish."""

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile

from grassroots.kernel.permissions import Role
from grassroots.pairing.testing import PNG
from grassroots.wishes.models import WishStatus
from grassroots.wishes.services import PhotoRefused, claim_wish, fulfil_wish
from grassroots.wishes.testing import photo

pytestmark = pytest.mark.django_db


@pytest.fixture
def claimed(wish, member_user):
    return claim_wish(wish, version=1, actor=member_user)


@pytest.mark.parametrize(
    "content",
    [
        b"just some text, not a photo",
        b"%PDF-1.4\n% a document",
        b"\x89PNG\r\n\x1a\n" + b"\x00" * 40,  # a PNG signature and no image after it
    ],
)
def test_a_file_that_is_not_really_an_image_is_refused_whatever_its_name(
    claimed, member_user, content
):
    upload = ContentFile(content, name="完成.jpg")
    with pytest.raises(PhotoRefused, match="JPEG、PNG 或 WebP"):
        fulfil_wish(claimed, version=2, upload=upload, actor=member_user)
    claimed.refresh_from_db()
    assert claimed.status == WishStatus.CLAIMED and claimed.photos.count() == 0


def test_a_photo_over_8_mb_is_refused(claimed, member_user):
    big = ContentFile(PNG + b"\x00" * (8 * 1024 * 1024), name="大.png")
    with pytest.raises(PhotoRefused, match="8 MB"):
        fulfil_wish(claimed, version=2, upload=big, actor=member_user)


def test_the_photo_is_kept_by_its_bytes_and_served_within_scope(
    claimed, member_user, client, personas, far_member
):
    fulfil_wish(claimed, version=2, upload=photo("微信图片.txt"), actor=member_user)
    stored = claimed.photos.get()
    assert stored.content_type == "image/png" and stored.image.name.endswith(".png")
    client.force_login(personas[Role.COMMUNITY_SECRETARY])
    response = client.get(f"/wishes/photos/{stored.pk}/")
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    assert b"".join(response.streaming_content) == PNG
    client.force_login(far_member)
    assert client.get(f"/wishes/photos/{stored.pk}/").status_code == 404
    client.force_login(personas[Role.GRID_WORKER])  # grid A1-1; the wish is in A1-2
    assert client.get(f"/wishes/photos/{stored.pk}/").status_code == 404


def test_the_upload_page_shows_the_refusal_next_to_the_photo_field(claimed, member_user, client):
    client.force_login(member_user)
    fake = SimpleUploadedFile("完成.jpg", b"not an image at all", content_type="image/jpeg")
    response = client.post(
        f"/wishes/{claimed.pk}/fulfil/", {"version": 2, "photo": fake}, follow=True
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "只能上传 JPEG、PNG 或 WebP 格式的照片" in page
    assert 'data-testid="fulfil-form"' in page
