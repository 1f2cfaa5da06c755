-- Redaction support (customers/redact). privacy_scrub(doc, drop_keys, needles, digit_needles, url_replacement)
-- returns doc with, at any depth: every object key whose lower-cased name is in drop_keys removed; every
-- string that contains one of needles (case-insensitive) replaced, by url_replacement when it is a URL
-- (so URL-typed fields of a payload still parse) and by '[redacted]' otherwise; every string whose digits
-- contain one of digit_needles (a phone number written in any national format) replaced the same way;
-- every string holding an IP address literal (v4, or v6 in full or :: form) replaced by '[redacted]'.
CREATE OR REPLACE FUNCTION privacy_scrub(doc jsonb, drop_keys text[], needles text[], digit_needles text[], url_replacement text)
RETURNS jsonb LANGUAGE plpgsql IMMUTABLE AS $$
DECLARE
  result jsonb;
  k text;
  v jsonb;
  s text;
  n text;
BEGIN
  CASE jsonb_typeof(doc)
  WHEN 'object' THEN
    result := '{}'::jsonb;
    FOR k, v IN SELECT e.key, e.value FROM jsonb_each(doc) AS e LOOP
      IF NOT (lower(k) = ANY (COALESCE(drop_keys, '{}'))) THEN
        result := result || jsonb_build_object(k, privacy_scrub(v, drop_keys, needles, digit_needles, url_replacement));
      END IF;
    END LOOP;
    RETURN result;
  WHEN 'array' THEN
    SELECT COALESCE(jsonb_agg(privacy_scrub(e.value, drop_keys, needles, digit_needles, url_replacement) ORDER BY e.i), '[]'::jsonb)
      INTO result FROM jsonb_array_elements(doc) WITH ORDINALITY AS e(value, i);
    RETURN result;
  WHEN 'string' THEN
    s := doc #>> '{}';
    FOREACH n IN ARRAY COALESCE(needles, '{}') LOOP
      IF n <> '' AND strpos(lower(s), lower(n)) > 0 THEN
        RETURN to_jsonb(CASE WHEN s ~* '^https?://' THEN url_replacement ELSE '[redacted]' END);
      END IF;
    END LOOP;
    -- An IP address is personal data whoever it belongs to: none survives in what is scrubbed.
    IF s ~ '(^|[^0-9.])\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}($|[^0-9.])' OR s ~* '(^|[^0-9a-f:])([0-9a-f]{1,4}:){7}[0-9a-f]{1,4}'
       OR s ~* '[0-9a-f]{1,4}::([0-9a-f]{1,4})?' THEN
      RETURN to_jsonb('[redacted]'::text);
    END IF;
    FOREACH n IN ARRAY COALESCE(digit_needles, '{}') LOOP
      IF n <> '' AND strpos(regexp_replace(s, '\D', '', 'g'), n) > 0 THEN
        RETURN to_jsonb(CASE WHEN s ~* '^https?://' THEN url_replacement ELSE '[redacted]' END);
      END IF;
    END LOOP;
    RETURN doc;
  ELSE
    RETURN doc;
  END CASE;
END
$$;
--> statement-breakpoint
-- Keyword consent events keep the keyword, not the whole text the person sent (which may say anything).
UPDATE "consent_events"
SET "disclosure_text" = COALESCE("evidence" ->> 'keyword', "disclosure_text"), "evidence" = "evidence" - 'body'
WHERE "source" = 'keyword' AND "evidence" ? 'body';
