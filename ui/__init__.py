"""Shared UI helpers that every page imports: translations, session state,
page layout and Altair chart builders."""
