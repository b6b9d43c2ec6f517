"""PDF and HTML reports: a view model, SVG charts, Jinja templates, and WeasyPrint only on the PDF path."""
