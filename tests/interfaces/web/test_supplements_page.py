"""Supplements: the forms explorer and the calculator show the supplement service's numbers,
products are added and removed through it (bad input refused at its field), and the day plan
is the plan service's own."""

from __future__ import annotations

import html
import re
from typing import Any

import pytest

from magnerve.interfaces.web.templating import fmt_amount, fmt_number

GOOD = {"name": "Glycinate 100", "form": "bisglycinate", "elemental_mg": "100"}


def me(web_app: Any) -> Any:
    return web_app.state.magnerve.for_person("me")


def products(web_app: Any, handle: str = "me") -> list[Any]:
    return web_app.state.magnerve.for_person(handle).supplements.products()[1]


def field_error(page: str, field: str) -> str | None:
    found = re.search(rf'<p class="field-error" id="{re.escape(field)}-error">(.*?)</p>', page)
    return html.unescape(re.sub(r"<[^>]+>", "", found.group(1))).strip() if found else None


def test_the_page_explains_elemental_and_lists_every_form(client: Any, web_app: Any) -> None:
    response = client.get("/supplements")
    assert response.status_code == 200
    page = response.text
    assert page.count("<h1>") == 1
    assert '<link rel="stylesheet" href="/static/css/supplements.css">' in page
    example = me(web_app).supplements.elemental("bisglycinate", 500)
    assert "Elemental magnesium is the magnesium itself." in page
    assert f'id="example-elemental">{fmt_amount(example.elemental_mg, "mg", 1)}<' in page
    table = me(web_app).supplements.forms()
    assert len(table.forms) > 10
    for form in table.forms:
        row = page[page.index(f'<tr id="form-{form.id}">') :]
        row = row[: row.index("</tr>")]
        assert html.escape(form.name) in row
        assert f"{fmt_number(form.elemental_percent, 1)}&nbsp;%" in row
        expected = "No comparison found" if not form.absorption_evidence.citations else "Yes, "
        assert expected in row
        about = page[page.index(f'id="about-{form.id}"') :]
        about = about[: about.index("</details>")]
        assert html.escape(form.gi_notes.text) in about
        for ref in {c.ref for c in form.all_citations}:
            assert f'href="/about#cite-{ref}"' in about
    # The add form's select offers every form, glycinate among them.
    assert '<option value="bisglycinate">Magnesium bisglycinate</option>' in page
    assert "No supplements listed yet." in page and 'id="no-plan"' in page


def test_a_product_is_added_and_listed(client: Any, web_app: Any) -> None:
    form = {**GOOD, "serving_unit": "capsule", "brand": "Acme", "b12_ug": "500"}
    response = client.post("/supplements", data=form, follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/supplements#plan"
    [product] = products(web_app)
    assert (product.name, product.form_id, product.brand) == (
        "Glycinate 100",
        "bisglycinate",
        "Acme",
    )
    assert product.elemental_mg_per_serving == 100 and product.basis == "elemental"
    assert product.serving_unit == "capsule" and product.b12_ug == 500
    page = client.get("/supplements").text
    assert "Added Glycinate 100: 100\u00a0mg of elemental magnesium per capsule." in page
    row = page[page.index(f'id="product-{product.id}"') :]
    row = row[: row.index("</tr>")]
    assert '<span class="product-mg">100\u00a0mg</span>' in row
    assert "Vitamin B12: 500\u00a0µg per capsule" in row


def test_a_label_that_gives_the_compound_is_converted(client: Any, web_app: Any) -> None:
    form = {"name": "Oxide 400", "form": "oxide", "compound_mg": "400"}
    assert client.post("/supplements", data=form, follow_redirects=False).status_code == 303
    [product] = products(web_app)
    expected = me(web_app).supplements.elemental("oxide", 400).elemental_mg
    assert product.elemental_mg_per_serving == pytest.approx(expected)
    assert product.basis == "compound" and product.label_mg_per_serving == 400
    page = client.get("/supplements").text
    assert f'<span class="product-mg">{fmt_amount(expected, "mg", 1)}</span>' in page
    assert "the label says 400\u00a0mg of the whole compound" in page


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"name": "  "}, "name", "needs a name"),
        ({"form": ""}, "form", "Say which form"),
        ({"form": "unobtainium"}, "form", "not a magnesium form magnerve knows"),
        ({"elemental_mg": ""}, "elemental_mg", "give exactly one of"),
        ({"compound_mg": "500"}, "elemental_mg", "give exactly one of"),
        ({"elemental_mg": "lots"}, "elemental_mg", "must be a number"),
        ({"elemental_mg": "5000"}, "elemental_mg", "not plausible"),
        ({"elemental_mg": "", "compound_mg": "20000"}, "compound_mg", "more than magnerve accepts"),
        ({"b12_ug": "a lot"}, "b12_ug", "must be a number"),
        ({"ala_mg": "0"}, "ala_mg", "above 0"),
        ({"zinc_mg": "-1"}, "zinc_mg", "must not be negative"),
        ({"vitamin_d_ug": "inf"}, "vitamin_d_ug", "must be a number"),
    ],
)
def test_bad_input_is_refused_at_its_field_and_nothing_is_saved(
    client: Any, web_app: Any, changes: dict[str, str], field: str, words: str
) -> None:
    response = client.post("/supplements", data={**GOOD, **changes})
    assert response.status_code == 422
    message = field_error(response.text, field)
    assert message is not None and words in message
    assert "--elemental-mg" not in response.text  # the web names its own fields
    for name, value in changes.items():
        if name != "form":
            assert f'value="{html.escape(value.strip())}"' in response.text
    assert 'name="name" type="text" value="' in response.text
    assert products(web_app) == []


def test_remove_asks_first_and_then_removes(client: Any, web_app: Any) -> None:
    me(web_app).supplements.add_product("Citrate 150", form="citrate", elemental_mg_per_serving=150)
    [product] = products(web_app)
    confirm = client.get(f"/supplements/{product.id}/remove")
    assert confirm.status_code == 200
    assert "Yes, remove Citrate 150</button>" in confirm.text
    assert "Doses you already logged still count" in confirm.text
    assert len(products(web_app)) == 1
    response = client.post(f"/supplements/{product.id}/remove", follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == "/supplements"
    assert products(web_app) == []
    assert "Removed Citrate 150 from your list." in client.get("/supplements").text


def test_another_persons_product_cannot_be_touched(client: Any, web_app: Any) -> None:
    me(web_app).supplements.add_product("Mine", form="oxide", elemental_mg_per_serving=100)
    [mine] = products(web_app)
    client.post("/example/load")
    assert all(p.id != mine.id for p in products(web_app, "example"))
    assert client.get(f"/supplements/{mine.id}/remove").status_code == 404
    assert client.post(f"/supplements/{mine.id}/remove").status_code == 404
    assert [p.id for p in products(web_app)] == [mine.id]


def test_the_calculator_shows_the_services_number(client: Any, web_app: Any) -> None:
    answer = me(web_app).supplements.elemental("oxide", 400)
    params = {"calc_form": "oxide", "calc_compound_mg": "400"}
    page = client.get("/supplements/elemental", params=params)
    assert page.status_code == 200
    assert f'id="calc-elemental">{fmt_amount(answer.elemental_mg, "mg", 1)}<' in page.text
    assert '<option value="oxide" selected>' in page.text  # the choice is kept
    partial = client.get("/supplements/elemental", params=params, headers={"HX-Request": "true"})
    assert partial.status_code == 200 and "<html" not in partial.text
    assert f'id="calc-elemental">{fmt_amount(answer.elemental_mg, "mg", 1)}<' in partial.text


@pytest.mark.parametrize(
    ("params", "field", "words"),
    [
        (
            {"calc_form": "oxide", "calc_compound_mg": "many"},
            "calc_compound_mg",
            "must be a number",
        ),
        ({"calc_form": "oxide", "calc_compound_mg": "0"}, "calc_compound_mg", "more than 0 mg"),
        ({"calc_form": "kryptonite", "calc_compound_mg": "100"}, "calc_form", "not a magnesium"),
    ],
)
def test_the_calculator_refuses_bad_input_at_its_field(
    client: Any, params: dict[str, str], field: str, words: str
) -> None:
    response = client.get("/supplements/elemental", params=params)
    assert response.status_code == 422
    message = field_error(response.text, field)
    assert message is not None and words in message
    assert f'value="{params["calc_compound_mg"]}"' in response.text
    partial = client.get("/supplements/elemental", params=params, headers={"HX-Request": "true"})
    assert partial.status_code == 422 and words in html.unescape(partial.text)


def test_the_live_calculator_waits_until_both_fields_are_filled(client: Any) -> None:
    partial = client.get(
        "/supplements/elemental", params={"calc_form": "oxide"}, headers={"HX-Request": "true"}
    )
    assert partial.status_code == 200
    assert 'id="calc-result"' in partial.text and "field-error" not in partial.text


def test_the_plan_is_the_plan_services_own(example_client: Any, web_app: Any) -> None:
    plan = web_app.state.magnerve.for_person("example").plan.plan()
    page = example_client.get("/supplements").text
    assert f'id="plan-daily">{fmt_amount(plan.daily_elemental_mg, "mg")}<' in page
    schedule = page[
        page.index('id="plan-schedule"') : page.index("</table>", page.index('id="plan-schedule"'))
    ]
    for slot in plan.day_plan.schedule:
        assert f'<th scope="row">{slot.time}</th>' in schedule
        for item in slot.items:
            if item.kind == "supplement":
                assert f"Magnesium {fmt_amount(item.elemental_mg, 'mg')}" in schedule
            else:
                assert f"Medicine: {item.name}" in schedule
    for note in plan.day_plan.notes:
        assert html.escape(note) in page
    assert plan.titration
    for step in plan.titration:
        assert (
            f'<time datetime="{step.from_date.isoformat()}">{step.from_date:%-d %B %Y}</time>'
            in page
        )
    assert "split into smaller doses" in page and "taken with food" in page
    assert "Magnesium glycinate 50" in page  # the example's own product


def test_a_daily_target_set_here_makes_a_plan(client: Any, web_app: Any) -> None:
    page = client.get("/supplements?next=/").text
    assert 'id="no-plan"' in page
    assert '<input type="hidden" name="next" value="/supplements?next=%2F#plan">' in page
    response = client.post(
        "/profile",
        data={"magnesium_target_mg": "300", "next": "/supplements?next=%2F#plan"},
        follow_redirects=False,
    )
    assert response.status_code == 303
    assert response.headers["location"] == "/supplements?next=%2F#plan"
    assert me(web_app).profile.show().regimen.magnesium_target_mg == 300
    page = client.get("/supplements?next=/").text
    plan = me(web_app).plan.plan()
    assert plan.daily_elemental_mg == 300
    assert f'id="plan-daily">{fmt_amount(300, "mg")}<' in page
    assert 'id="magnesium_target_mg" name="magnesium_target_mg" type="text" value="300"' in page


def test_next_is_kept_and_leads_on(client: Any) -> None:
    page = client.get("/supplements?next=/").text
    assert 'href="/" id="next-step">Skip this step</a>' in page
    response = client.post("/supplements", data={**GOOD, "next": "/"}, follow_redirects=False)
    assert response.headers["location"] == "/supplements?next=%2F#plan"
    page = client.get("/supplements?next=%2F").text
    assert 'href="/" id="next-step">Next</a>' in page


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example"])
def test_a_next_address_off_this_site_is_refused(client: Any, target: str) -> None:
    assert 'id="next-step"' not in client.get("/supplements", params={"next": target}).text
    response = client.post("/supplements", data={**GOOD, "next": target}, follow_redirects=False)
    assert response.headers["location"] == "/supplements#plan"
