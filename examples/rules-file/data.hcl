# The rules of parity data profile|generate (staging data for PostgreSQL);
# parity check and parity_check leave the block alone.
data {
  keep_values = ["status", "users.country_code"]

  table "countries" {
    ratio = 1 # lookup tables keep their full size
  }

  table "audit_log" {
    rows = 1000
  }
}
