"""Choices that belong to this browser: the text size, and looking at the example person."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse

from magnerve.domain.person import EXAMPLE_HANDLE
from magnerve.interfaces.web.context import acting_app, choose_person, reset_person
from magnerve.interfaces.web.forms import done, form_values, safe_next
from magnerve.interfaces.web.templating import TEXT_SIZE_KEY, TEXT_SIZES

router = APIRouter()


@router.post("/settings/text-size")
async def text_size(request: Request) -> RedirectResponse:
    values = await form_values(request)
    size = values.get("size", "")
    request.session[TEXT_SIZE_KEY] = size if size in TEXT_SIZES else TEXT_SIZES[0]
    return RedirectResponse(safe_next(values.get("next")), status_code=303)


@router.post("/example/load")
def load_example(request: Request) -> RedirectResponse:
    result = acting_app(request).demo.load()
    choose_person(request, EXAMPLE_HANDLE)
    return done(
        request,
        "/",
        f"Example data loaded: {(result.end - result.start).days + 1} days of made-up records.",
    )


@router.post("/example/leave")
def leave_example(request: Request) -> RedirectResponse:
    reset_person(request)
    return done(request, "/", "You are back on your own records.")


@router.post("/example/remove")
def remove_example(request: Request) -> RedirectResponse:
    removed = acting_app(request).demo.remove()
    reset_person(request)
    return done(
        request, "/", "The example person was removed." if removed else "There was no example."
    )
