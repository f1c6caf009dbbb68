"""The demo's reading class is attended by community and street secretaries, the demo logins'
own among them, so those logins find it among their work."""

from grassroots.accounts.models import Account
from grassroots.demo.services import seed_demo_district
from grassroots.org.models import Level
from grassroots.training.models import Enrolment, TrainingClass


def test_the_demo_class_is_attended_by_secretaries_the_logins_among_them(db):
    seed_demo_district(residents=3_000, seed=5)
    training_class = TrainingClass.objects.get()
    levels = set(
        Enrolment.objects.filter(training_class=training_class).values_list(
            "person__org_node__level", flat=True
        )
    )
    assert levels == {Level.COMMUNITY, Level.STREET}
    for username in ("community", "street"):
        account = Account.objects.get(username=username)
        assert list(TrainingClass.objects.visible_to(account)) == [training_class]
        assert not TrainingClass.objects.editable_by(account).exists()
        own = Enrolment.objects.visible_to(account)
        assert own.exists() and all(
            e.person.org_node.path.startswith(account.org_node.path) for e in own
        )
