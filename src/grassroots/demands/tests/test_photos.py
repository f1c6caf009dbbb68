"""Photos of a demand: real images only, kept in the data directory, served within scope."""

from django.core.files.uploadedfile import SimpleUploadedFile

from grassroots.demands.models import DemandPhoto
from grassroots.demands.testing import PNG_BYTES, make_demand
from grassroots.kernel.permissions import Role
from grassroots.testing.forms import once


def test_a_photo_is_uploaded_and_shown_to_those_who_see_the_demand(as_role, tree, client, personas):
    demand = make_demand(tree.grid_a1_1)
    worker = as_role(Role.GRID_WORKER)
    worker.post(
        f"/demands/{demand.pk}/photos/",
        once({"photos": [SimpleUploadedFile("楼道.png", PNG_BYTES, "image/png")]}),
    )
    photo = DemandPhoto.objects.get()
    shown = worker.get(f"/demands/photos/{photo.pk}/")
    assert shown.status_code == 200 and shown["Content-Type"] == "image/png"
    assert b"".join(shown.streaming_content) == PNG_BYTES
    client.force_login(personas[Role.COMMUNITY_SECRETARY])
    other = make_demand(tree.grid_b1_1)
    DemandPhoto.objects.create(demand=other, image=photo.image.name, content_type="image/png")
    outside = DemandPhoto.objects.get(demand=other)
    assert client.get(f"/demands/photos/{outside.pk}/").status_code == 404


def test_a_file_that_is_not_an_image_is_refused_whatever_its_name(as_role, tree):
    demand = make_demand(tree.grid_a1_1)
    response = as_role(Role.GRID_WORKER).post(
        f"/demands/{demand.pk}/photos/",
        once(
            {
                "photos": [
                    SimpleUploadedFile("x.png", b"<html><script>alert(1)</script>", "image/png")
                ]
            }
        ),
        follow=True,
    )
    assert DemandPhoto.objects.count() == 0
    assert "只能上传 JPEG、PNG 或 WebP" in response.content.decode()
