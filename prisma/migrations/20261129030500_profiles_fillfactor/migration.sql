-- People are updated far more often than created (last seen, attributes from every identify).
-- Leaving 10% of each page free lets those updates be HOT (same page, no index writes) instead
-- of touching all of profiles' indexes. Applies to pages written from now on.
ALTER TABLE "profiles" SET (fillfactor = 90);
