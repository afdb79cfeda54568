"""Spreadsheet import of PK/RAPK targets, budgets and realisations, and the xlsx exports.

Layout: `parsing` reads a file into tables (tolerant of title rows, merged headers, Indonesian numbers);
`columns` names the columns of the three templates; `templates` writes them from the current data;
`pk_rapk`, `budget` and `realisations` plan an import (a dry-run diff) and apply it in one transaction;
`service` runs a plan end to end; `views`/`resources` are the admin page and the django-import-export
integration; `exports` writes the scorecard workbook.
"""
