"""The clinician report as HTML and PDF: one set of templates (``templates/report/``) shared
with the web page, charts inlined, and WeasyPrint imported only when a PDF is made.

- :mod:`.view`: the template context (charts, words) of a gathered report;
- :mod:`.document`: the standalone HTML document, and writing it (or its PDF) to a file;
- :mod:`.pdf`: HTML to PDF, and what to say when this computer cannot make PDFs.
"""
