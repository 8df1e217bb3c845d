"""Where games are kept: save files, slots, the saves folder, a game in progress with autosave
and undo."""
