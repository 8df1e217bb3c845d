"""What the player sees, worked out once for both faces: views of the game as plain data
(`views`), built from a session (`build`), and what an action's events mean to the player
(`moments`). Imports no Textual: the TUI and the plain mode only render what is here."""
