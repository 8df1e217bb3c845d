"""The pure engine: story model, conditions, game state and the session facade. No UI imports."""
