#pragma once
// Which environment variables (and build arguments) hold secrets, judged by their names.

#include <string_view>

namespace dtx::secrets {

// True when `name` says its value is a secret, in any case: it contains PASSWORD, PASSWD,
// PASSPHRASE, SECRET or TOKEN, or has a word PASS or PWD, or ends in the word KEY (API_KEY,
// MINIO_SECRET_KEY; not AWS_ACCESS_KEY_ID). Not for names that point at a secret or switch a
// feature: a last word FILE or ID (POSTGRES_PASSWORD_FILE), or the MySQL/MariaDB flags
// ALLOW_EMPTY…, RANDOM…, ONETIME… (MYSQL_RANDOM_ROOT_PASSWORD=yes).
bool is_secret_name(std::string_view name);

}  // namespace dtx::secrets
