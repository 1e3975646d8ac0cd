"""The web interface: make a clinic's pamphlet in a browser (`build_pdf.py serve`).

app.py (routes, security headers), forms.py (form <-> clinic details),
jobs.py (what a warm worker does for a request), i18n.py (the page's own
gettext domain, "web"), server.py (uvicorn). Every rule lives in guide/:
the web layer only turns a form into the same data a clinic file gives.
"""
