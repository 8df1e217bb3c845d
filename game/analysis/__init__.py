"""Analysis of a case: explore its states, check it, give hints. Reads the engine; never plays
for the player."""
