"""Reading story TOML files into the model, or into a list of diagnostics. No UI imports."""
