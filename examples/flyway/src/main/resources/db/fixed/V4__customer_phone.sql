-- The corrected migration, safe to run where the broken one left its first change behind.
ALTER TABLE customers ADD COLUMN IF NOT EXISTS phone VARCHAR(30);
