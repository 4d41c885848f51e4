"""Medicines: add (with choices for a name magnerve does not know), stop and remove through the
medication service; bad input is refused at its field; another person's records are out of reach."""

from __future__ import annotations

import html
import re
from typing import Any

import pytest


def me(web_app: Any) -> Any:
    return web_app.state.magnerve.for_person("me")


def medicines(web_app: Any, handle: str = "me") -> list[Any]:
    return web_app.state.magnerve.for_person(handle).medications.list()[1]


def field_error(page: str, field: str) -> str | None:
    found = re.search(rf'<p class="field-error" id="{re.escape(field)}-error">(.*?)</p>', page)
    return html.unescape(re.sub(r"<[^>]+>", "", found.group(1))).strip() if found else None


def test_an_empty_list_offers_the_add_form(client: Any) -> None:
    response = client.get("/medicines")
    assert response.status_code == 200
    page = response.text
    assert page.count("<h1>") == 1
    assert "No medicines listed yet." in page
    assert re.search(r'<label for="medication">Medicine name\b', page)
    assert '<button type="submit">Add medicine</button>' in page
    assert 'id="next-step"' not in page


def test_adding_a_medicine_that_interacts_links_to_the_findings(client: Any, web_app: Any) -> None:
    form = {"medication": "Cipro 500 mg", "times": "20:00, 8:00", "started": "2026-03-01"}
    response = client.post("/medicines", data=form, follow_redirects=False)
    assert response.status_code == 303
    [entry] = medicines(web_app)
    assert response.headers["location"] == f"/medicines?added={entry.id}"
    assert entry.ingredients == ("ciprofloxacin",) and entry.classes == ("fluoroquinolone",)
    assert entry.times == ("08:00", "20:00") and entry.started_on.isoformat() == "2026-03-01"
    page = client.get(response.headers["location"]).text
    assert "Added Cipro 500 mg." in page  # the one-time message
    note = page[page.index('id="added-note"') : page.index("</section>")]
    assert '<a href="/findings">' in note and "Quinolone antibiotic" in note
    card = page[page.index(f'id="medicine-{entry.id}"') :]
    assert "ciprofloxacin" in card and "08:00, 20:00" in card and "2026-03-01" in card


def test_levothyroxine_is_noted_too_but_metformin_is_not(client: Any, web_app: Any) -> None:
    response = client.post("/medicines", data={"medication": "levothyroxine"})
    assert 'id="added-note"' in response.text and "Thyroid hormone" in response.text
    response = client.post("/medicines", data={"medication": "metformin 500 mg"})
    assert response.status_code == 200
    assert 'id="added-note"' not in response.text
    assert "Added metformin 500 mg." in response.text
    assert [e.ingredients for e in medicines(web_app)] == [("levothyroxine",), ("metformin",)]


@pytest.mark.parametrize(
    ("form", "field", "words"),
    [
        ({"medication": "   "}, "medication", "Enter the name of a medicine"),
        ({"medication": "metformin", "times": "25:00"}, "times", "not a time of day"),
        ({"medication": "metformin", "times": "morning"}, "times", "not a time of day"),
        ({"medication": "metformin", "started": "2026-02-30"}, "started", "not a valid date"),
        ({"medication": "metformin", "started": "2026-04-01"}, "started", "in the future"),
    ],
)
def test_bad_input_is_refused_at_its_field_and_nothing_is_saved(
    client: Any, web_app: Any, form: dict[str, str], field: str, words: str
) -> None:
    response = client.post("/medicines", data=form)
    assert response.status_code == 422
    message = field_error(response.text, field)
    assert message is not None and words in message
    assert "Nothing was saved." in response.text
    for name, value in form.items():
        assert f'name="{name}" type="' in response.text
        assert f'value="{html.escape(value.strip())}"' in response.text
    assert medicines(web_app) == []


def test_an_ambiguous_name_shows_the_choices_and_saves_nothing(client: Any, web_app: Any) -> None:
    form = {"medication": "satagliptin", "times": "08:00", "next": "/supplements"}
    response = client.post("/medicines", data=form)
    assert response.status_code == 422
    page = response.text
    assert "does not recognise “satagliptin”" in (field_error(page, "medication") or "")
    assert ">Add saxagliptin</button>" in page and ">Add sitagliptin</button>" in page
    assert ">Keep “satagliptin” as typed</button>" in page
    assert medicines(web_app) == []
    # Choosing a name adds it, with the times typed first.
    chosen = {"medication": "sitagliptin", "times": "08:00", "next": "/supplements"}
    response = client.post("/medicines", data=chosen, follow_redirects=False)
    assert response.status_code == 303
    [entry] = medicines(web_app)
    assert entry.recognized and entry.ingredients == ("sitagliptin",) and entry.times == ("08:00",)


def test_an_unknown_name_can_be_kept_as_typed(client: Any, web_app: Any) -> None:
    response = client.post("/medicines", data={"medication": "Zorblax"})
    assert response.status_code == 422
    assert "Names magnerve knows" not in response.text  # nothing close: no choices offered
    assert ">Keep “Zorblax” as typed</button>" in response.text
    assert medicines(web_app) == []
    response = client.post("/medicines", data={"medication": "Zorblax", "keep": "1"})
    assert response.status_code == 200
    [entry] = medicines(web_app)
    assert entry.input == "Zorblax" and not entry.recognized
    assert "It is kept as you typed it." in response.text
    assert "<strong>Not recognised</strong>: not checked against magnesium" in response.text


def test_stop_records_the_last_day_and_keeps_the_history(client: Any, web_app: Any) -> None:
    me(web_app).medications.add("gabapentin 300 mg", times="08:00", started="2026-01-01")
    [entry] = medicines(web_app)
    page = client.get("/medicines").text
    assert f'id="stop-{entry.id}-date" name="date" value="2026-03-14"' in page  # today
    response = client.post(
        f"/medicines/{entry.id}/stop", data={"date": "2026-03-10"}, follow_redirects=False
    )
    assert response.status_code == 303 and response.headers["location"] == "/medicines"
    [stopped] = medicines(web_app)
    assert stopped.stopped_on.isoformat() == "2026-03-10"
    page = client.get("/medicines").text
    assert "Stopped gabapentin 300 mg on 2026-03-10." in page
    table = page[page.index('id="stopped"') :]
    assert "gabapentin 300 mg" in table and "2026-03-10" in table
    assert "No medicines listed yet." in page  # none current


def test_stop_without_a_date_means_today(client: Any, web_app: Any) -> None:
    me(web_app).medications.add("metformin")
    [entry] = medicines(web_app)
    client.post(f"/medicines/{entry.id}/stop", data={})
    assert medicines(web_app)[0].stopped_on.isoformat() == "2026-03-14"


@pytest.mark.parametrize(
    ("date", "words"),
    [("2025-12-31", "is before the start"), ("soon", "not a valid date"), ("2026-03-20", "future")],
)
def test_a_bad_stop_date_is_refused_next_to_it(
    client: Any, web_app: Any, date: str, words: str
) -> None:
    me(web_app).medications.add("gabapentin", started="2026-01-01")
    [entry] = medicines(web_app)
    response = client.post(f"/medicines/{entry.id}/stop", data={"date": date})
    assert response.status_code == 422
    message = field_error(response.text, f"stop-{entry.id}-date")
    assert message is not None and words in message
    assert f'name="date" value="{date}"' in response.text
    assert medicines(web_app)[0].stopped_on is None


def test_remove_asks_first_and_then_removes(client: Any, web_app: Any) -> None:
    me(web_app).medications.add("furosemide 40 mg")
    [entry] = medicines(web_app)
    page = client.get("/medicines").text
    assert f'href="/medicines/{entry.id}/remove"' in page
    confirm = client.get(f"/medicines/{entry.id}/remove")
    assert confirm.status_code == 200
    assert "Yes, remove furosemide 40 mg</button>" in confirm.text
    assert 'href="/medicines">No, keep it</a>' in confirm.text
    assert len(medicines(web_app)) == 1  # asking changes nothing
    response = client.post(f"/medicines/{entry.id}/remove", follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == "/medicines"
    assert medicines(web_app) == []
    assert "Removed furosemide 40 mg from your list." in client.get("/medicines").text


def test_another_persons_medicine_cannot_be_touched(client: Any, web_app: Any) -> None:
    me(web_app).medications.add("gabapentin")
    [mine] = medicines(web_app)
    client.post("/example/load")  # now looking at the example person
    assert all(e.id != mine.id for e in medicines(web_app, "example"))
    assert client.get(f"/medicines/{mine.id}/remove").status_code == 404
    assert client.post(f"/medicines/{mine.id}/remove").status_code == 404
    assert client.post(f"/medicines/{mine.id}/stop", data={}).status_code == 404
    [still] = medicines(web_app)
    assert still.id == mine.id and still.stopped_on is None


def test_the_example_person_sees_current_and_stopped_medicines(
    example_client: Any, web_app: Any
) -> None:
    entries = medicines(web_app, "example")
    page = example_client.get("/medicines").text
    stopped = [e for e in entries if e.stopped_on]
    assert stopped
    for e in entries:
        assert e.input in page
    for e in stopped:
        assert f"<td>{e.stopped_on.isoformat()}</td>" in page


def test_next_is_kept_and_leads_on(client: Any, web_app: Any) -> None:
    page = client.get("/medicines?next=/supplements").text
    assert 'href="/supplements?next=%2F" id="next-step">Skip this step</a>' in page
    response = client.post(
        "/medicines",
        data={"medication": "levothyroxine", "next": "/supplements"},
        follow_redirects=False,
    )
    [entry] = medicines(web_app)
    assert response.headers["location"] == f"/medicines?next=%2Fsupplements&added={entry.id}"
    page = client.get(response.headers["location"]).text
    assert 'id="next-step">Next</a>' in page
    assert '<input type="hidden" name="next" value="/supplements">' in page


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example"])
def test_a_next_address_off_this_site_is_refused(client: Any, web_app: Any, target: str) -> None:
    assert 'id="next-step"' not in client.get("/medicines", params={"next": target}).text
    response = client.post(
        "/medicines", data={"medication": "metformin", "next": target}, follow_redirects=False
    )
    [entry] = medicines(web_app)
    assert response.headers["location"] == f"/medicines?added={entry.id}"
