"""The web app (``magnerve serve``): server-rendered pages with htmx, and the JSON API /api/v1."""
