"""`grassroots audit verify|archive` on a real installation, and two processes recording at once."""

import subprocess
import sys

RECORDER = """
import sys
from grassroots import cli
cli.setup_django(sys.argv[1])
from grassroots.audit.models import Action
from grassroots.audit.services import record
for i in range(int(sys.argv[2])):
    record(Action.SIGN_IN, username=f"{sys.argv[3]}{i}")
"""


def _record(site, n, prefix):
    return subprocess.Popen(
        [sys.executable, "-c", RECORDER, str(site.data), str(n), prefix],
        env=site.env,
        cwd=site.data.parent,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_two_processes_recording_at_once_keep_one_chain(site):
    writers = [_record(site, 60, "a"), _record(site, 60, "b")]
    for writer in writers:
        assert writer.wait(timeout=120) == 0, writer.stderr.read()
    seqs = [r[0] for r in site.query("SELECT seq FROM audit_auditevent ORDER BY seq")]
    assert len(seqs) >= 120 and seqs == list(range(seqs[0], seqs[0] + len(seqs)))
    done = site.grassroots("audit", "verify")
    assert done.returncode == 0, done.stderr
    assert "审计链完整" in done.stdout and "intact" in done.stdout


def _drop_triggers(site):
    if site.vendor == "postgresql":
        site.execute("DROP TRIGGER audit_auditevent_no_change ON audit_auditevent")
    else:
        site.execute("DROP TRIGGER audit_auditevent_no_update")
        site.execute("DROP TRIGGER audit_auditevent_no_delete")


def test_verify_names_a_record_edited_with_the_triggers_dropped(site):
    assert _record(site, 3, "u").wait(timeout=60) == 0
    (victim,) = site.query("SELECT id FROM audit_auditevent WHERE username = 'u1'")[0:1]
    _drop_triggers(site)
    site.execute(f"UPDATE audit_auditevent SET username = 'x' WHERE id = {victim[0]}")
    done = site.grassroots("audit", "verify")
    assert done.returncode == 1
    assert f"id={victim[0]}" in done.stderr and "changed" in done.stderr


def test_verify_names_a_record_deleted_with_the_triggers_dropped(site):
    assert _record(site, 3, "u").wait(timeout=60) == 0
    ((victim, seq),) = site.query("SELECT id, seq FROM audit_auditevent WHERE username = 'u1'")
    _drop_triggers(site)
    site.execute(f"DELETE FROM audit_auditevent WHERE id = {victim}")
    done = site.grassroots("audit", "verify")
    assert done.returncode == 1
    assert f"seq {seq} was removed" in done.stderr


def test_verify_names_a_record_inserted_by_hand(site):
    assert _record(site, 2, "u").wait(timeout=60) == 0
    site.execute(
        "INSERT INTO audit_auditevent (at, username, action, outcome, target, detail, digest) "
        "VALUES (CURRENT_TIMESTAMP, 'forger', 'sign_in', 'success', '', '{}', '')"
    )
    ((forged,),) = site.query("SELECT id FROM audit_auditevent WHERE username = 'forger'")
    done = site.grassroots("audit", "verify")
    assert done.returncode == 1
    assert f"id={forged}" in done.stderr and "inserted" in done.stderr


def test_archive_refuses_a_recent_date_and_says_why(site, tmp_path):
    done = site.grassroots("audit", "archive", "--before", "2099-01-01", str(tmp_path / "a.jsonl"))
    assert done.returncode == 1
    assert "180" in done.stderr
    assert not (tmp_path / "a.jsonl").exists()


def test_archive_of_an_old_date_writes_the_file_and_verify_still_passes(site, tmp_path):
    target = tmp_path / "a.jsonl"
    done = site.grassroots("audit", "archive", "--before", "2020-01-01", str(target))
    assert done.returncode == 0, done.stderr
    assert target.is_file()
    assert site.grassroots("audit", "verify").returncode == 0
    assert site.query("SELECT COUNT(*) FROM audit_auditevent WHERE action = 'audit_archived'") == [
        (1,)
    ]
