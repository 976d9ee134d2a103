-- Date attributes a segment template filters on (lib/segments/catalog.ts, `indexed`), read
-- through an expression index instead of parsing profiles.attributes per person (issue 16).
--
-- segment_json_timestamp is the compiler's reading of a JSON date (lib/segments/sql/values.ts):
-- a string that parses as a timestamp, as UTC wall-clock time; anything else is no value. The
-- text-to-timestamptz cast alone is only STABLE (it reads TimeZone and DateStyle), so the
-- function pins both: a zone-less string is UTC, as every timestamp in this schema is. With
-- them pinned its result depends on its argument alone, which is what IMMUTABLE (and an index
-- on it) requires.
CREATE FUNCTION segment_json_timestamp(v jsonb) RETURNS timestamp
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
  SET timezone = 'UTC' SET datestyle = 'ISO, MDY'
  AS $$ SELECT CASE WHEN jsonb_typeof(v) = 'string' AND pg_input_is_valid(v #>> '{}', 'timestamptz')
                    THEN (v #>> '{}')::timestamptz AT TIME ZONE 'UTC' END $$;

-- id as a second key column: "last purchase more than 90 days ago" is then an index-only range
-- scan that yields the people, hash-joined with the other rules' sets.
CREATE INDEX "profiles_last_purchase_at_idx" ON "profiles" (segment_json_timestamp("attributes" -> 'last_purchase_at'), "id");
