"""`detective lsp`: a language server for case folders, for editors."""
