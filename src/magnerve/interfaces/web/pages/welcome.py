"""First run: a short welcome that leads through profile → medicines → supplement → today,
or loads the made-up example person to look around."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from magnerve.interfaces.web.templating import render

router = APIRouter()


@router.get("/welcome", response_class=HTMLResponse)
def welcome(request: Request) -> HTMLResponse:
    return render(request, "pages/welcome.html")
