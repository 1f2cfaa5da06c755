-- Subscriber ids become time-ordered like message ids (uuid_v7() is defined in 0009); existing ids keep their value.
ALTER TABLE "subscribers" ALTER COLUMN "id" SET DEFAULT uuid_v7();