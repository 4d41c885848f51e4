"""Sharing through pages and the API: codes both ways, the panel, reading a patient's records
read-only, notes, the audit log, and stopping sharing."""

from __future__ import annotations

from typing import Any

from tests.interfaces.web.clinic.conftest import CODE_RE, MakeClient, new_code

FOOD = {"text": "30 g almonds", "date": "2026-03-14", "text_meal": "lunch"}


def handle_of(client: Any) -> str:
    handle = client.get("/api/v1/account").json()["account"]["person_handle"]
    assert isinstance(handle, str)
    return handle


def entries(patient: Any) -> int:
    return len(patient.get("/api/v1/intake", params={"date": "2026-03-14"}).json()["entries"])


def test_the_whole_flow_through_pages(shared: tuple[Any, Any]) -> None:
    patient, clinician = shared
    handle = handle_of(patient)
    assert patient.post("/log/food", data=FOOD).status_code == 200
    assert entries(patient) == 1

    panel = clinician.get("/panel")
    assert "Pat Doe" in panel.text and f"/panel/open/{handle}" in panel.text
    # Without a patient chosen, the clinician's Today is the panel.
    assert clinician.get("/", follow_redirects=False).headers["location"] == "/panel"

    opened = clinician.post(f"/panel/open/{handle}", follow_redirects=False)
    assert opened.status_code == 303 and opened.headers["location"] == "/"
    today = clinician.get("/")
    assert today.status_code == 200
    assert "You are viewing Pat Doe's records (read only)" in today.text
    assert clinician.get("/report").status_code == 200

    refused = clinician.post("/log/food", data=FOOD)
    assert refused.status_code == 403
    assert entries(patient) == 1  # nothing saved

    note = clinician.post(
        "/notes", data={"kind": "recommendation", "text": "Take magnesium with dinner."}
    )
    assert note.status_code == 200 and "Take magnesium with dinner." in note.text
    assert clinician.post("/notes", data={"kind": "note", "text": "  "}).status_code == 422

    mine = patient.get("/notes")
    assert "Take magnesium with dinner." in mine.text and "Dr Lee" in mine.text
    assert 'action="/notes"' not in mine.text  # patients read notes, they do not write them

    sharing = patient.get("/sharing").text
    assert "Dr Lee" in sharing and "started seeing your records" in sharing
    assert "wrote in notes" in sharing and "was refused a change to food log" in sharing
    assert "read report" in sharing

    grant_id = patient.get("/api/v1/sharing/grants").json()["grants"][0]["id"]
    stopped = patient.post(f"/sharing/grants/{grant_id}/revoke", follow_redirects=False)
    assert stopped.status_code == 303
    assert "Dr Lee can no longer see your records." in patient.get("/sharing").text

    # The clinician's next page load goes back to their own start, then the panel.
    response = clinician.get("/labs", follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == "/"
    assert clinician.get("/").url.path == "/panel"
    assert "Pat Doe" not in clinician.get("/panel").text
    api = clinician.get("/api/v1/notes", headers={"X-Magnerve-Person": handle})
    assert api.status_code == 404 and api.json()["ok"] is False
    # And opening them again is refused.
    assert clinician.post(f"/panel/open/{handle}").status_code == 404


def test_audit_lines_group_repeated_reads(shared: tuple[Any, Any]) -> None:
    patient, clinician = shared
    handle = handle_of(patient)
    clinician.post(f"/panel/open/{handle}")
    for _ in range(3):
        assert clinician.get("/labs").status_code == 200
    page = patient.get("/sharing").text
    assert "read labs ×" in page


def test_the_whole_flow_through_the_api(patient: Any, clinician: Any) -> None:
    made = patient.post("/api/v1/sharing/invites")
    assert made.status_code == 201
    code = made.json()["code"]
    assert made.json()["expires_at"].startswith("2026-03-21")
    redeemed = clinician.post("/api/v1/sharing/redeem", json={"code": code.lower()})
    assert redeemed.status_code == 200
    grant = redeemed.json()["grant"]
    assert grant["person_name"] == "Pat Doe" and grant["clinician_name"] == "Dr Lee"
    handle = grant["person_handle"]

    rows = clinician.get("/api/v1/panel").json()["patients"]
    assert [r["handle"] for r in rows] == [handle]
    assert set(rows[0]) >= {"urgent", "above_ul", "supplement_ul_mg", "trial_verdict", "quiet_days"}
    assert clinician.get("/api/v1/notes").status_code == 422  # which patient?

    person = {"X-Magnerve-Person": handle}
    added = clinician.post("/api/v1/notes", json={"text": "Check B12 in May."}, headers=person)
    assert added.status_code == 201 and added.json()["note"]["kind"] == "note"
    food = clinician.post("/api/v1/intake", json={"text": "30 g almonds"}, headers=person)
    assert food.status_code == 403 and food.json()["ok"] is False
    assert entries(patient) == 0
    assert [n["text"] for n in patient.get("/api/v1/notes").json()["notes"]] == [
        "Check B12 in May."
    ]
    actions = [e["action"] for e in patient.get("/api/v1/audit").json()["events"]]
    assert {"grant", "note", "denied"} <= set(actions)

    assert patient.delete(f"/api/v1/sharing/grants/{grant['id']}").status_code == 200
    assert clinician.get("/api/v1/notes", headers=person).status_code == 404
    assert clinician.get("/api/v1/panel").json()["patients"] == []
    assert patient.delete(f"/api/v1/sharing/grants/{grant['id']}").status_code == 404


def test_a_clinician_made_code(patient: Any, clinician: Any) -> None:
    page = clinician.post("/sharing/invites")
    assert "Give this code to your patient" in page.text
    found = CODE_RE.search(page.text)
    assert found
    code = found.group(1)  # as shown, with spaces around the dashes
    assert "Codes not used yet" in clinician.get("/sharing").text
    assert CODE_RE.search(clinician.get("/sharing").text) is None  # shown once only
    response = patient.post("/sharing/redeem", data={"code": code}, follow_redirects=False)
    assert response.status_code == 303
    assert "Dr Lee can now see your records." in patient.get("/sharing").text
    assert "Pat Doe" in clinician.get("/panel").text


def test_codes_that_do_not_work(patient: Any, clinician: Any, new_client: MakeClient) -> None:
    code = new_code(patient)
    own = patient.post("/sharing/redeem", data={"code": code})
    assert own.status_code == 422 and "for a clinician to enter" in own.text
    unknown = clinician.post("/sharing/redeem", data={"code": "AAAA-BBBB-CCCC"})
    assert unknown.status_code == 422 and "not a code we know" in unknown.text
    assert 'value="AAAA-BBBB-CCCC"' in unknown.text
    malformed = clinician.post("/sharing/redeem", data={"code": "hello"})
    assert malformed.status_code == 422 and "12-character code" in malformed.text
    assert clinician.post("/sharing/redeem", data={"code": code}).status_code == 200
    reused = clinician.post("/sharing/redeem", data={"code": code})
    assert reused.status_code == 422 and "already used" in reused.text


def test_cancelled_and_expired_codes(patient: Any, clinician: Any, clinic_app: Any) -> None:
    code = new_code(patient)
    sharing = patient.get("/sharing").text
    assert 'action="/sharing/invites/' in sharing
    cancel = sharing.split('action="/sharing/invites/')[1].split('"')[0]
    assert patient.post(f"/sharing/invites/{cancel}", follow_redirects=False).status_code == 303
    cancelled = clinician.post("/sharing/redeem", data={"code": code})
    assert cancelled.status_code == 422 and "already used or cancelled" in cancelled.text

    from datetime import timedelta

    from magnerve.services.clock import FixedClock
    from tests.conftest import FIXED_NOW

    later = new_code(patient)
    clinic_app.state.magnerve.clock = FixedClock(FIXED_NOW + timedelta(days=8))
    expired = clinician.post("/sharing/redeem", data={"code": later})
    assert expired.status_code == 422 and "has expired" in expired.text


def test_panel_is_for_clinicians_only(patient: Any, clinician: Any) -> None:
    assert patient.get("/panel").status_code == 403
    assert patient.get("/api/v1/panel").status_code == 403
    assert clinician.post("/panel/open/p-0000000000").status_code == 404
    closed = clinician.post("/panel/close", follow_redirects=False)
    assert closed.headers["location"] == "/panel"
