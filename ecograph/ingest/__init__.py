"""Ingest: read spreadsheets, validate every row, write the difference to the store."""

from .load import IngestSummary, check, ingest, ingest_tables, tables_from_rows
from .reader import read_sources
from .templates import write_templates
from .validate import validate

__all__ = ["IngestSummary", "check", "ingest", "ingest_tables", "tables_from_rows", "read_sources",
           "validate", "write_templates"]
