"""The Log page: food search, the portion picker and its live preview, free text, doses, the pain
slider, symptoms and the diary. The numbers shown are the services' numbers; a bad form is shown
again (422) with the message next to its field and what was typed, and nothing is saved."""

from __future__ import annotations

import html
import re
from typing import Any

ALMONDS = "usda_fndds:42100100"  # Almonds, NFS: portions include "1 oz" (28.35 g)
SALSA = "usda_sr28:06605"  # no magnesium value in the source
TODAY = "2026-03-14"  # the fixed clock's date (UTC)


def me(web_app: Any) -> Any:
    return web_app.state.magnerve.for_person("me")


def someone_else(web_app: Any) -> Any:
    """Another person in the same database (the made-up example person)."""
    web_app.state.magnerve.demo.load()
    return web_app.state.magnerve.for_person("example")


def text_of(page: str, element_id: str) -> str:
    match = re.search(rf'id="{element_id}"[^>]*>(.*?)</', page, re.S)
    assert match, f"no element #{element_id}"
    return html.unescape(match.group(1)).strip()


def field_error(page: str, name: str) -> str:
    """The message shown next to a field (its tags and warning sign left out)."""
    match = re.search(rf'<p class="field-error" id="{name}-error">(.*?)</p>', page, re.S)
    assert match, f"no message next to {name}"
    return html.unescape(re.sub(r"<[^>]+>", "", match.group(1))).replace("⚠", "").strip()


def input_value(page: str, name: str) -> str:
    match = re.search(rf'<input id="{name}" name="{name}"[^>]*value="([^"]*)"', page)
    assert match, f"no input {name}"
    return html.unescape(match.group(1))


def entries(web_app: Any, day: str = TODAY) -> list[Any]:
    return me(web_app).intake.list(day=day)[2]


# -- the page ------------------------------------------------------------------------------------
def test_the_page_has_its_sections_labels_and_one_h1(client: Any) -> None:
    page = client.get("/log").text
    assert page.count("<h1") == 1 and "Log for today, Saturday 14 March 2026" in page
    for section in ("food", "dose", "pain", "symptoms", "diary"):
        assert f'<section id="{section}"' in page
    assert '<label for="q">Search foods</label>' in page
    assert '<label for="score">Pain today, 0 to 10</label>' in page
    assert ">Save pain score</button>" in page
    assert 'href="/static/css/log.css"' in page


def test_days_can_be_chosen_and_bad_dates_are_refused(client: Any) -> None:
    page = client.get("/log?date=2026-03-13").text
    assert "Log for Friday 13 March 2026" in page
    assert 'href="/log?date=2026-03-12"' in page and 'href="/log?date=2026-03-14"' in page
    assert '<label for="score">Pain on 13 March, 0 to 10</label>' in page
    today = client.get("/log").text
    assert 'href="/log?date=2026-03-15"' not in today, "no next day after today"

    bad = client.get("/log?date=2026-02-30")
    assert bad.status_code == 422
    assert "is not a valid date" in field_error(bad.text, "date")
    assert "Log for today" in bad.text
    future = client.get("/log?date=2026-03-15")
    assert future.status_code == 422 and "in the future" in field_error(future.text, "date")


# -- food search -----------------------------------------------------------------------------------
def test_search_works_without_javascript_on_the_page(client: Any, web_app: Any) -> None:
    hits = me(web_app).foods.search("almonds", limit=10)
    page = client.get("/log?q=almonds").text
    for hit in hits:
        assert html.escape(hit.description) in page
    first = hits[0]
    assert f"food_id={first.id.replace(':', '%3A')}#food" in page
    mg = f"{first.magnesium_mg_per_100g:g}\u00a0mg magnesium per 100 g"
    assert f'{first.description} <span class="muted">— {mg}' in page
    assert text_of(page, "food-search-status") == f"{len(hits)} foods found for “almonds”."


def test_search_as_you_type_answers_a_partial(client: Any, web_app: Any) -> None:
    page = client.get("/log").text
    assert 'hx-get="/log/food-search"' in page
    assert 'hx-trigger="input changed delay:200ms, search"' in page
    response = client.get("/log/food-search", params={"q": "almonds", "date": "2026-03-10"})
    assert response.status_code == 200
    assert "<html" not in response.text and "<h1" not in response.text
    hits = me(web_app).foods.search("almonds", limit=10)
    assert response.text.count("<li>") == len(hits)
    assert "date=2026-03-10&amp;food_id=" in response.text
    assert 'id="food-search-status"' in response.text and 'hx-swap-oob="true"' in response.text
    empty = client.get("/log/food-search", params={"q": "  "})
    assert empty.status_code == 200 and "<li>" not in empty.text
    nothing = client.get("/log/food-search", params={"q": "zzqxv"})
    assert "No food matches" in nothing.text


def test_a_food_without_magnesium_data_says_so_never_zero(client: Any, web_app: Any) -> None:
    hits = me(web_app).foods.search("salsa", limit=10)
    missing = [h for h in hits if h.magnesium_mg_per_100g is None]
    assert missing, "the test needs a salsa without a magnesium value"
    response = client.get("/log/food-search", params={"q": "salsa"}).text
    line = next(
        li for li in response.split("<li>") if html.escape(missing[0].id.replace(":", "%3A")) in li
    )
    assert "no magnesium data" in line and "0\u00a0mg" not in line


# -- the portion picker and its preview ------------------------------------------------------------
def test_choosing_a_food_shows_a_portion_picker(client: Any) -> None:
    page = client.get(f"/log?food_id={ALMONDS}").text
    assert "How much Almonds, NFS?" in page
    assert '<option value="1 oz">1 oz (28.35 g)</option>' in page
    assert '<option value="g">grams (g)</option>' in page
    assert (
        '<label for="amount">Amount</label>' in page and '<label for="unit">Portion</label>' in page
    )
    assert '<label for="meal">Meal' in page
    assert 'hx-get="/log/food-preview"' in page
    assert ">Log this food</button>" in page
    # The first portion is chosen, and its magnesium is shown before any JavaScript runs.
    assert '<option value="1 nut" selected>' in page
    assert "About <strong" in page and "(1 nut = 1.2 g)" in page


def test_the_preview_is_the_number_that_gets_logged(client: Any, web_app: Any) -> None:
    preview = client.get(
        "/log/food-preview", params={"food_id": ALMONDS, "amount": "1", "unit": "1 oz"}
    )
    assert preview.status_code == 200 and "<html" not in preview.text
    shown = int(text_of(preview.text, "preview-mg").split("\u00a0")[0])
    response = client.post(
        "/log/food",
        data={"food_id": ALMONDS, "amount": "1", "unit": "1 oz", "meal": "snack", "date": TODAY},
        follow_redirects=False,
    )
    assert response.status_code == 303
    assert response.headers["location"] == f"/log?date={TODAY}#food"
    [entry] = entries(web_app)
    assert entry.food_id == ALMONDS and entry.grams == 28.35 and entry.meal.value == "snack"
    assert shown == round(entry.magnesium_mg) and shown > 50
    page = client.get(response.headers["location"]).text
    assert f"Logged Almonds, NFS (1 oz = 28.35 g): {shown}\u00a0mg magnesium." in page
    assert text_of(page, "food-total") == f"{shown}\u00a0mg"


def test_the_preview_of_a_bad_amount_says_what_is_wrong(client: Any) -> None:
    response = client.get(
        "/log/food-preview", params={"food_id": ALMONDS, "amount": "lots", "unit": "1 oz"}
    )
    assert "Could not read the amount" in html.unescape(response.text)
    assert (
        client.get(
            "/log/food-preview", params={"food_id": "usda_sr28:0", "amount": "1"}
        ).status_code
        == 404
    )


def test_without_javascript_the_picker_can_refresh_its_preview(client: Any) -> None:
    page = client.get(
        "/log", params={"food_id": ALMONDS, "amount": "2", "unit": "1 oz", "meal": "lunch"}
    ).text
    assert 'formmethod="get"' in page
    assert input_value(page, "amount") == "2"
    assert '<option value="1 oz" selected>' in page and '<option value="lunch" selected>' in page
    assert "2 × 1 oz (28.35 g) = 56.7 g" in page


def test_bad_amounts_and_units_are_shown_next_to_the_field(client: Any, web_app: Any) -> None:
    bad_amount = client.post(
        "/log/food", data={"food_id": ALMONDS, "amount": "lots", "unit": "1 oz", "date": TODAY}
    )
    assert bad_amount.status_code == 422
    assert "Could not read the amount" in field_error(bad_amount.text, "amount")
    assert input_value(bad_amount.text, "amount") == "lots"
    assert '<option value="1 oz" selected>' in bad_amount.text
    assert "Nothing was saved." in bad_amount.text

    bad_unit = client.post(
        "/log/food", data={"food_id": ALMONDS, "amount": "1", "unit": "bucket", "date": TODAY}
    )
    assert bad_unit.status_code == 422
    assert "has no portion called 'bucket'" in field_error(bad_unit.text, "unit")
    assert entries(web_app) == []


def test_an_unknown_food_is_not_found(client: Any, web_app: Any) -> None:
    response = client.post(
        "/log/food", data={"food_id": "usda_sr28:0", "amount": "1", "unit": "g", "date": TODAY}
    )
    assert response.status_code == 404
    assert client.get("/log?food_id=nonsense").status_code == 404
    assert entries(web_app) == []


# -- free text -----------------------------------------------------------------------------------
def test_free_text_is_logged_like_the_cli(client: Any, web_app: Any) -> None:
    response = client.post(
        "/log/food", data={"text": "1 oz almonds", "text_meal": "breakfast", "date": TODAY}
    )
    assert response.status_code == 200  # after the redirect
    [entry] = entries(web_app)
    assert entry.input_text == "1 oz almonds" and entry.meal.value == "breakfast"
    assert f"{round(entry.magnesium_mg)}\u00a0mg magnesium." in response.text
    assert "you typed “1 oz almonds”" in response.text


def test_ambiguous_text_offers_the_candidates(client: Any, web_app: Any) -> None:
    response = client.post("/log/food", data={"text": "30 g brocoli", "date": TODAY})
    assert response.status_code == 422
    assert "Not sure which food 'brocoli' means" in field_error(response.text, "text")
    assert input_value(response.text, "text") == "30 g brocoli"
    candidates = re.findall(r'food_id=([^#"]+)#food">([^<]+)<', response.text)
    assert len(candidates) == 5 and all("Broccoli" in name for _, name in candidates)
    assert entries(web_app) == []


def test_empty_or_unreadable_text_is_refused(client: Any, web_app: Any) -> None:
    empty = client.post("/log/food", data={"text": "", "date": TODAY})
    assert empty.status_code == 422 and "Say what you ate" in field_error(empty.text, "text")
    bad_meal = client.post("/log/food", data={"text": "1 oz almonds", "text_meal": "brunch"})
    assert bad_meal.status_code == 422
    assert "'brunch' is not a meal" in field_error(bad_meal.text, "text_meal")
    assert entries(web_app) == []


# -- the day's entries: remove and restore ---------------------------------------------------------
def test_entries_are_listed_and_can_be_removed_and_restored(client: Any, web_app: Any) -> None:
    logged = me(web_app).intake.log_food(ALMONDS, "2", "1 oz", meal="lunch").entry
    page = client.get("/log").text
    row = page[page.index('<a href="/foods/usda_fndds:42100100">Almonds, NFS</a>') :]
    row = row[: row.index("</tr>")]
    assert "<td>2 × 1 oz</td>" in row and "56.7\u00a0g" in row and "<td>lunch</td>" in row
    assert f"{round(logged.magnesium_mg)}\u00a0mg" in row

    removed = client.post(f"/log/entries/{logged.id}/remove", follow_redirects=False)
    assert removed.status_code == 303
    assert removed.headers["location"] == f"/log?date={TODAY}&undo_entry={logged.id}#food"
    assert entries(web_app) == []
    page = client.get(removed.headers["location"]).text
    assert "Removed Almonds, NFS." in page
    assert f'action="/log/entries/{logged.id}/restore"' in page
    assert "No food logged on this day yet." in page

    restored = client.post(f"/log/entries/{logged.id}/restore")
    assert restored.status_code == 200 and "Brought back Almonds, NFS." in restored.text
    assert [e.id for e in entries(web_app)] == [logged.id]
    assert client.post(f"/log/entries/{logged.id}/restore").status_code == 404


def test_another_persons_entry_cannot_be_removed(client: Any, web_app: Any) -> None:
    other = someone_else(web_app)
    theirs = other.intake.log_food(ALMONDS, "1", "1 oz").entry
    response = client.post(f"/log/entries/{theirs.id}/remove")
    assert response.status_code == 404
    assert "There is no entry" in response.text
    assert theirs.id in [e.id for e in other.intake.list()[2]]


# -- supplement doses ----------------------------------------------------------------------------
def test_without_products_the_dose_section_points_to_supplements(client: Any) -> None:
    page = client.get("/log").text
    dose = page[page.index('<section id="dose"') :]
    assert 'href="/supplements"' in dose[: dose.index("</section>")]
    assert 'action="/log/dose"' not in page


def test_a_dose_is_logged_with_its_elemental_magnesium(client: Any, web_app: Any) -> None:
    person = me(web_app)
    person.profile.set(age=60, sex="male", timezone="Europe/Berlin")
    product = person.supplements.add_product(
        "Glycinate 100", form="glycinate", elemental_mg_per_serving=100
    ).product
    page = client.get("/log").text
    assert input_value(page, "time") == "19:00", "now, in the person's time zone"
    assert input_value(page, "dose_date") == TODAY
    assert f'<option value="{product.id}">Glycinate 100 — 100\u00a0mg elemental' in page
    response = client.post(
        "/log/dose",
        data={
            "product": str(product.id),
            "servings": "1 1/2",
            "time": "08:00",
            "dose_date": TODAY,
            "date": TODAY,
        },
        follow_redirects=False,
    )
    assert response.status_code == 303 and response.headers["location"] == f"/log?date={TODAY}#dose"
    [dose] = person.supplements.doses()[2]
    assert dose.servings == 1.5 and dose.elemental_mg == 150 and dose.local_time == "08:00"
    page = client.get(response.headers["location"]).text
    assert "Logged 1.5 × Glycinate 100: 150\u00a0mg elemental magnesium." in page
    assert text_of(page, "supplement-total") == "150\u00a0mg"
    assert "Elemental magnesium is the magnesium itself" in page


def test_bad_dose_input_is_shown_next_to_each_field(client: Any, web_app: Any) -> None:
    person = me(web_app)
    product = person.supplements.add_product(
        "Citrate", form="citrate", elemental_mg_per_serving=150
    ).product
    base = {
        "product": str(product.id),
        "servings": "1",
        "time": "08:00",
        "dose_date": TODAY,
        "date": TODAY,
    }
    cases = {
        "servings": ("none", "Could not read the amount"),
        "time": ("25:00", "is not a time of day"),
        "dose_date": ("2026-03-20", "is in the future"),
        "product": ("999", "There is no supplement product"),
    }
    for field, (value, message) in cases.items():
        response = client.post("/log/dose", data={**base, field: value})
        assert response.status_code == 422, field
        assert message in field_error(response.text, field), field
        if field != "product":
            assert input_value(response.text, field) == value
    zero = client.post("/log/dose", data={**base, "servings": "0"})
    assert "more than zero" in field_error(zero.text, "servings")
    assert person.supplements.doses()[2] == []


def test_doses_can_be_removed_and_restored_but_not_someone_elses(client: Any, web_app: Any) -> None:
    person = me(web_app)
    product = person.supplements.add_product(
        "Gly", form="glycinate", elemental_mg_per_serving=100
    ).product
    dose = person.supplements.log_dose(str(product.id), time="08:00").dose
    removed = client.post(f"/log/doses/{dose.id}/remove", follow_redirects=False)
    assert removed.headers["location"] == f"/log?date={TODAY}&undo_dose={dose.id}#dose"
    assert person.supplements.doses()[2] == []
    page = client.get(removed.headers["location"]).text
    assert f'action="/log/doses/{dose.id}/restore"' in page and "Removed the dose of Gly." in page
    assert client.post(f"/log/doses/{dose.id}/restore").status_code == 200
    assert [d.id for d in person.supplements.doses()[2]] == [dose.id]

    other = someone_else(web_app)
    their_product = other.supplements.add_product(
        "Ox", form="oxide", elemental_mg_per_serving=250
    ).product
    theirs = other.supplements.log_dose(str(their_product.id)).dose
    assert client.post(f"/log/doses/{theirs.id}/remove").status_code == 404
    assert theirs.id in [d.id for d in other.supplements.doses()[2]]


# -- pain ----------------------------------------------------------------------------------------
def test_the_pain_slider_is_labelled_and_keyboard_ready(client: Any) -> None:
    page = client.get("/log").text
    slider = re.search(r'<input type="range"[^>]*>', page)
    assert slider
    tag = slider.group(0)
    for attribute in (
        'id="score"',
        'min="0"',
        'max="10"',
        'step="0.5"',
        'data-output="score-output"',
    ):
        assert attribute in tag
    assert 'aria-describedby="score-ends"' in tag
    assert '<output id="score-output" for="score"' in page
    assert "<span>0 no pain</span><span>10 worst imaginable</span>" in page


def test_pain_is_saved_from_the_slider_or_a_typed_number(client: Any, web_app: Any) -> None:
    response = client.post(
        "/log/pain", data={"score": "6.5", "date": TODAY}, follow_redirects=False
    )
    assert response.status_code == 303 and response.headers["location"] == f"/log?date={TODAY}#pain"
    page = client.get(response.headers["location"]).text
    assert "Pain overall: 6.5 out of 10." in page
    assert text_of(page, "diary-pain") == "6.5 out of 10"
    assert 'value="6.5" data-output' in page, "the slider starts at the day's score"

    typed = client.post(
        "/log/pain", data={"score": "5", "score_typed": "7", "site": "feet", "date": TODAY}
    )
    assert "Pain in the feet: 7 out of 10." in typed.text
    values = {v.item: v.number for v in me(web_app).diary.day().values}
    assert values == {"pain": 6.5, "pain-feet": 7.0}


def test_replacing_a_pain_score_keeps_the_earlier_one(client: Any, web_app: Any) -> None:
    client.post("/log/pain", data={"score": "5", "date": TODAY})
    page = client.post("/log/pain", data={"score": "8", "date": TODAY}).text
    assert "Pain overall: 8 out of 10 (was 5 out of 10)." in page
    assert text_of(page, "diary-pain") == "8 out of 10"
    assert "Earlier values that were replaced (1)" in page
    assert "Pain overall: 5 out of 10, noted at 18:00, replaced at 18:00" in page
    history = me(web_app).diary.day(with_history=True).values
    assert sorted(v.number for v in history) == [5.0, 8.0]


def test_bad_pain_input_is_shown_next_to_its_field(client: Any, web_app: Any) -> None:
    typed = client.post("/log/pain", data={"score": "5", "score_typed": "eleven", "date": TODAY})
    assert typed.status_code == 422
    assert "must be a number from 0 to 10" in field_error(typed.text, "score_typed")
    assert input_value(typed.text, "score_typed") == "eleven"
    slider = client.post("/log/pain", data={"score": "12", "date": TODAY})
    assert slider.status_code == 422 and "from 0 to 10" in field_error(slider.text, "score")
    site = client.post("/log/pain", data={"score": "5", "site": "elbow", "date": TODAY})
    assert site.status_code == 422
    assert "'elbow' is not a place" in field_error(site.text, "site")
    assert me(web_app).diary.day().values == []


# -- symptoms and the diary ----------------------------------------------------------------------
def test_symptoms_are_saved_through_the_diary(client: Any, web_app: Any) -> None:
    response = client.post(
        "/log/symptoms",
        data={
            "burning": "6",
            "tingling": "",
            "gi": "mild",
            "stools": "3",
            "note": "long walk",
            "date": TODAY,
        },
        follow_redirects=False,
    )
    assert (
        response.status_code == 303
        and response.headers["location"] == f"/log?date={TODAY}#symptoms"
    )
    page = client.get(response.headers["location"]).text
    assert (
        "Burning: 6 out of 10; Stomach or bowel upset: mild; Bowel movements: 3 a day; Note: saved."
        in page
    )
    values = {v.item: v.value for v in me(web_app).diary.day().values}
    assert values == {"burning": 6.0, "gi": "mild", "stools": 3, "note": "long walk"}
    assert text_of(page, "diary-stools") == "3 a day" and text_of(page, "diary-note") == "long walk"
    assert "<legend>Stomach or bowel upset" in page


def test_one_bad_symptom_saves_none_and_every_field_says_why(client: Any, web_app: Any) -> None:
    response = client.post(
        "/log/symptoms",
        data={
            "burning": "x",
            "tingling": "11",
            "numbness": "3",
            "gi": "awful",
            "stools": "-1",
            "date": TODAY,
        },
    )
    assert response.status_code == 422
    assert "'x' is not a score" in field_error(response.text, "burning")
    assert "tingling must be from 0 to 10" in field_error(response.text, "tingling")
    assert "is not a level of stomach or bowel upset" in field_error(response.text, "gi")
    assert "stools must be a whole number" in field_error(response.text, "stools")
    assert input_value(response.text, "burning") == "x"
    assert input_value(response.text, "numbness") == "3"
    assert me(web_app).diary.day().values == []


def test_an_empty_symptom_form_says_there_is_nothing_to_save(client: Any, web_app: Any) -> None:
    response = client.post("/log/symptoms", data={"gi": "", "date": TODAY})
    assert response.status_code == 422
    assert "Nothing to record" in html.unescape(response.text)
    assert me(web_app).diary.day().values == []


def test_the_example_persons_day_is_shown(example_client: Any, web_app: Any) -> None:
    example = web_app.state.magnerve.for_person("example")
    report = example.days.day()
    page = example_client.get("/log").text
    assert report.intake.entries and report.supplements.doses
    for entry in report.intake.entries:
        assert html.escape(entry.description) in page
    assert text_of(page, "food-total").startswith(
        f"{round(report.intake.food_magnesium_mg)}\u00a0mg"
    )
    assert text_of(page, "supplement-total") == f"{report.supplement_mg:g}\u00a0mg"


def _result_ids(page: str) -> list[str]:
    from urllib.parse import unquote

    return [unquote(i) for i in re.findall(r"food_id=(usda_sr28(?::|%3A)\d+)", page)]


def test_food_search_ranks_foods_you_logged_lately_first(client: Any, web_app: Any) -> None:
    me = web_app.state.magnerve.for_person("me")
    ids = _result_ids(client.get("/log/food-search", params={"q": "almonds"}).text)
    assert len(set(ids)) >= 2
    later = next(i for i in dict.fromkeys(ids) if i != ids[0])
    me.intake.log_food(later, 30, "g")
    again = _result_ids(client.get("/log/food-search", params={"q": "almonds"}).text)
    assert again[0] == later
