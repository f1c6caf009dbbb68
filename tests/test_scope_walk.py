"""The scope walk: every page and API operation, with a user of each role, never shows or reaches
a row outside the user's subtree (testing/scopewalk.py says how; later modules extend it by
registering their models, URL parameters and samples, not by adding tests here)."""

import pytest

from grassroots.kernel import scope
from grassroots.kernel.permissions import Role
from grassroots.testing import scopewalk
from grassroots.testing.personas import PERSONA_HOMES
from grassroots.testing.scopewalker import leaks, walk

pytestmark = pytest.mark.django_db

API_ROUTES_WITH_IDS = {
    "api:org-node",
    "api:org-node-children",
    "api:party-org",
    "api:person",
    "api:resident",
    "api:room",
}


@pytest.fixture
def world(tree, personas):
    return scopewalk.prepare(tree, personas)


def _report(problems):
    return "\n" + "\n".join(problems)


def test_every_route_parameter_names_a_registered_scoped_model():
    problems = scopewalk.route_problems(scopewalk.walked_routes())
    assert not problems, _report(problems)


def test_every_scoped_model_tells_the_walk_how_to_recognise_and_make_its_rows():
    problems = scopewalk.missing_samples()
    assert not problems, _report(problems)


def test_the_walk_covers_the_api_operations_and_the_pages():
    routes = scopewalk.walked_routes()
    names = {r.name for r in routes}
    assert API_ROUTES_WITH_IDS <= names
    assert {"api:org-nodes", "api:party-orgs", "api:people", "api:me", "healthz"} <= names
    assert any(not r.template.startswith("/api/") and r.params for r in routes), (
        "no page with an id was found; the walk is not reaching the pages"
    )
    assert not any(r.template.startswith("/admin/") for r in routes)


def test_visible_to_returns_exactly_the_persona_subtree_for_every_scoped_model(world):
    problems = [
        f"[{role}] {problem}"
        for role, account in world.personas.items()
        for problem in scopewalk.visibility_problems(account)
    ]
    assert not problems, _report(problems)


@pytest.mark.parametrize("role", list(Role))
def test_no_route_shows_or_reaches_a_row_outside_the_persona_subtree(world, role):
    problems = walk(world, role, scopewalk.walked_routes())
    assert not problems, _report(problems)


def test_the_walk_has_rows_outside_every_persona_for_every_scoped_model(world):
    for role in world.personas:
        for model in scope.registry():
            if scope.spec_for(model).url_kwargs:
                assert scopewalk.inside_pk(world, role, model) is not None, (role, model)
                assert scopewalk.outside_pks(world, role, model), (role, model)


def test_rows_run_from_above_are_read_only_where_the_model_declares_they_reach_down(world):
    """The one way out of a subtree besides a rule: a model declared ``reaches_down`` (a
    district's sweep campaign) is read by the units below, never changed by them."""
    declared = [m for m, spec in scope.registry().items() if spec.reaches_down]
    assert declared, "no model reaches down: the walk's check of rows from above is idle"
    for model in declared:
        for role, account in world.personas.items():
            picks = scopewalk.above_pks(world, role, model)
            if PERSONA_HOMES[role][0] != "district":  # nothing lies above the district
                assert picks, (role, model)
            pks = {pk for _label, pk in picks}
            manager = model._default_manager
            assert pks <= set(manager.visible_to(account).values_list("pk", flat=True))
            assert not pks & set(manager.editable_by(account).values_list("pk", flat=True))
    for model in scope.registry():
        if model not in declared:
            assert scopewalk.above_pks(world, Role.STREET_STAFF, model) == []


# --- the walk itself notices what it is there to notice ------------------------------------


def test_the_walk_reports_a_list_that_shows_rows_of_a_sibling(world, settings):
    settings.ROOT_URLCONF = "tests.scope_walk_urls"
    problems = walk(world, Role.GRID_WORKER, scopewalk.walked_routes())
    listed = [p for p in problems if "/codes/" in p]
    assert any("OrgNode" in p and world.tree.grid_a1_2.code in p for p in listed), problems
    assert not any(world.tree.grid_a1_1.code in p for p in listed), "own grid reported"


def test_the_walk_reports_an_id_route_that_answers_for_an_outside_object(world, settings):
    settings.ROOT_URLCONF = "tests.scope_walk_urls"
    problems = walk(world, Role.COMMUNITY_SECRETARY, scopewalk.walked_routes())
    assert any("/nodes/" in p and "got 200" in p for p in problems), problems
    assert any("/people/" in p and "got 403" in p for p in problems), problems
    assert any("/hidden/" in p and "answered 404" in p for p in problems), problems


def test_the_walk_reports_a_crash_and_a_route_that_signs_the_persona_out(world, settings):
    settings.ROOT_URLCONF = "tests.scope_walk_urls"
    problems = walk(world, Role.STREET_STAFF, scopewalk.walked_routes())
    big = [p for p in problems if "/big/" in p]
    assert len(big) == 1 and "beyond 64 bits answered 500" in big[0], problems
    assert any("/bye/" in p and "signed the persona out" in p for p in problems), problems


def test_the_walk_reports_a_row_from_above_that_shows_the_siblings_part(world, settings):
    settings.ROOT_URLCONF = "tests.scope_walk_urls"
    problems = walk(world, Role.STREET_STAFF, scopewalk.walked_routes())
    above = [p for p in problems if "/above/" in p]
    assert any("(above, at" in p and world.tree.street_b.code in p for p in above), problems
    # Its own street is not reported, nor is the campaign itself refused.
    assert not any(f"({world.tree.street_a.code})" in p for p in above), above
    assert not any("expected 404" in p for p in above), above


def test_the_walk_reports_a_parameter_that_names_no_scoped_model(settings):
    settings.ROOT_URLCONF = "tests.scope_walk_urls"
    problems = scopewalk.route_problems(scopewalk.walked_routes())
    assert len(problems) == 1
    assert "widget_id" in problems[0] and "@scoped" in problems[0]


def test_a_code_inside_a_visible_code_is_not_taken_for_a_leak():
    hidden = {"420606001001": "OrgNode community", "420606002000": "OrgNode street B"}
    seen = {"420606001001001"}
    assert leaks("grid 420606001001001", hidden, seen) == []
    assert leaks("grid 420606001001001, community 420606001001", hidden, seen) == [
        "OrgNode community"
    ]
