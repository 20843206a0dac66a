-- Fails at its second statement (the column exists by then), after the first has run on every
-- shard.
ALTER TABLE customers ADD phone VARCHAR(30);
ALTER TABLE customers ADD phone VARCHAR(30);
