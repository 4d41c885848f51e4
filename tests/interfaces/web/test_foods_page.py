"""The Foods page: the foods richest in magnesium as `food top magnesium` ranks them, the carb
filter, search, and one food's nutrients per 100 g and per portion with its source."""

from __future__ import annotations

import html
import re
from typing import Any

ALMONDS = "usda_fndds:42100100"
SALSA = "usda_sr28:06605"  # no magnesium value in the source


def foods(web_app: Any) -> Any:
    return web_app.state.magnerve.for_person("me").foods


def ranked_ids(page: str) -> list[str]:
    table = page[page.index('<table id="top-foods"') : page.index("</table>")]
    return re.findall(r'<th scope="row"><a href="/foods/([^"]+)">', table)


def field_error(page: str, name: str) -> str:
    match = re.search(rf'<p class="field-error" id="{name}-error">(.*?)</p>', page, re.S)
    assert match, f"no message next to {name}"
    return html.unescape(re.sub(r"<[^>]+>", "", match.group(1))).replace("⚠", "").strip()


def test_the_top_list_is_the_services_ranking(client: Any, web_app: Any) -> None:
    response = client.get("/foods")
    assert response.status_code == 200
    page = response.text
    assert page.count("<h1") == 1
    top = foods(web_app).top("magnesium", limit=20)
    assert ranked_ids(page) == [r.id for r in top]
    values = [r.value for r in top]
    assert values == sorted(values, reverse=True)
    first = top[0]
    assert f'<td class="num">{first.value:,.0f}\u00a0mg</td>' in page
    assert "Magnesium per 100 g of food" in page
    assert "upper limit (UL)" in page and "eGFR" in page


def test_per_serving_with_a_carb_limit(client: Any, web_app: Any) -> None:
    page = client.get("/foods", params={"per": "serving", "max_carb_g": "5", "limit": "10"}).text
    expected = foods(web_app).top("magnesium", per="serving", max_carb_g=5.0, limit=10)
    assert ranked_ids(page) == [r.id for r in expected]
    unfiltered = foods(web_app).top("magnesium", per="serving", limit=10)
    assert [r.id for r in unfiltered] != [r.id for r in expected], "the filter must matter"
    for r in expected:
        carbs = foods(web_app).show(r.id).nutrients_per_100g["carbohydrate_g"]
        assert carbs is not None and carbs * r.serving_grams / 100 <= 5
    first = expected[0]
    assert f"<td>{html.escape(first.serving_label)} ({first.serving_grams:g}\u00a0g)</td>" in page
    assert "with at most 5\u00a0g carbohydrate" in page
    assert '<option value="serving" selected>' in page


def test_the_limit_and_other_bases(client: Any, web_app: Any) -> None:
    page = client.get("/foods", params={"per": "carb-g", "limit": "3"}).text
    expected = foods(web_app).top("magnesium", per="carb-g", limit=3)
    assert ranked_ids(page) == [r.id for r in expected]
    assert "Magnesium per gram of carbohydrate" in page


def test_bad_filters_are_shown_next_to_the_field(client: Any) -> None:
    carb = client.get("/foods", params={"max_carb_g": "lots"})
    assert carb.status_code == 422
    assert field_error(carb.text, "max_carb_g") == "'lots' is not a number."
    assert 'value="lots"' in carb.text and 'id="top-foods"' not in carb.text
    negative = client.get("/foods", params={"max_carb_g": "-1"})
    assert negative.status_code == 422 and "0 or more" in field_error(negative.text, "max_carb_g")
    limit = client.get("/foods", params={"limit": "0"})
    assert limit.status_code == 422 and "from 1 to 500" in field_error(limit.text, "limit")
    whole = client.get("/foods", params={"limit": "2.5"})
    assert whole.status_code == 422 and "not a whole number" in field_error(whole.text, "limit")
    per = client.get("/foods", params={"per": "spoon"})
    assert per.status_code == 422 and "Unknown basis" in field_error(per.text, "per")


def test_search_links_each_food_to_its_page(client: Any, web_app: Any) -> None:
    hits = foods(web_app).search("pumpkin seeds", limit=20)
    page = client.get("/foods", params={"q": "pumpkin seeds"}).text
    links = re.findall(r'<li><a href="/foods/([^"]+)">', page)
    assert links == [h.id for h in hits]
    assert f"{len(hits)} foods found for “pumpkin seeds”" in page


def test_a_food_page_shows_nutrients_per_100_g_and_per_portion(client: Any, web_app: Any) -> None:
    food = foods(web_app).show(ALMONDS)
    page = client.get(f"/foods/{ALMONDS}").text
    assert "<h1>Almonds, NFS</h1>" in page
    assert f'<strong id="food-mg">{food.magnesium_mg_per_100g:g}\u00a0mg</strong>' in page
    oz = next(p for p in food.portions if p.label == "1 oz")
    oz_mg = round(food.magnesium_mg_per_100g * oz.grams / 100)
    assert re.search(
        rf'<th scope="row">1 oz</th>\s*<td class="num">28.35\u00a0g</td>\s*'
        rf'<td class="num">{oz_mg}\u00a0mg</td>',
        page,
    )
    assert '<th scope="col" class="num">In 1 oz</th>' in page
    assert "Public domain" in page and "Food and Nutrient Database for Dietary Studies" in page
    assert f'href="/log?food_id={ALMONDS.replace(":", "%3A")}#food">Log this food</a>' in page


def test_missing_values_are_said_as_no_data(client: Any) -> None:
    page = client.get(f"/foods/{SALSA}").text
    assert "no magnesium value" in page
    row = re.search(r'<th scope="row">Magnesium</th>\s*<td class="num">([^<]+)</td>', page)
    assert row and row.group(1) == "no data"


def test_a_food_without_portions_is_logged_by_weight(client: Any, web_app: Any) -> None:
    ciqual = foods(web_app).search("almond with peel", limit=10)
    food_id = next(h.id for h in ciqual if h.source == "ciqual_2020")
    assert foods(web_app).show(food_id).portions == ()
    page = client.get(f"/foods/{food_id}").text
    assert "publishes no household portions" in page
    assert "Licence Ouverte" in page


def test_an_unknown_food_is_not_found(client: Any) -> None:
    assert client.get("/foods/usda_sr28:0").status_code == 404
    assert client.get("/foods/not-an-id").status_code == 404
