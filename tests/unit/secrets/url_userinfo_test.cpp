#include "secrets/url_userinfo.hpp"

#include <catch2/catch.hpp>

using dtx::secrets::mask_url_passwords;

TEST_CASE("a URL's password is masked and its user, host and path stay", "[util][mask]") {
    CHECK(mask_url_passwords("mysql://root:s3cret@127.0.0.1:3306/app", "****") ==
          "mysql://root:****@127.0.0.1:3306/app");
    CHECK(mask_url_passwords("a http://u:p@h/x and s3://k:v@h", "****") == "a http://u:****@h/x and s3://k:****@h");
}

TEST_CASE("an unencoded '@' in the password is masked with it: the last '@' ends the userinfo", "[util][mask]") {
    CHECK(mask_url_passwords("postgres://u:p@ss@db:5432/app", "****") == "postgres://u:****@db:5432/app");
}

TEST_CASE("a URL without a password is left as it is", "[util][mask]") {
    CHECK(mask_url_passwords("http://127.0.0.1:8080/health", "****") == "http://127.0.0.1:8080/health");
    CHECK(mask_url_passwords("ssh://git@github.com/x", "****") == "ssh://git@github.com/x");
    CHECK(mask_url_passwords("postgres://u:@db/app", "****") == "postgres://u:@db/app");
    CHECK(mask_url_passwords("http://h/p?mail=a:b@c", "****") == "http://h/p?mail=a:b@c");
    CHECK(mask_url_passwords("no url :// here", "****") == "no url :// here");
    CHECK(mask_url_passwords("", "****") == "");
}

TEST_CASE("a URL ends at a quote or a space, as it does in JSON and in messages", "[util][mask]") {
    CHECK(mask_url_passwords(R"({"url":"redis://:pw@h:6379/0"} "x@y")", "****") ==
          R"({"url":"redis://:****@h:6379/0"} "x@y")");
    CHECK(mask_url_passwords("redis://:pw@h x:y@z", "****") == "redis://:****@h x:y@z");
}
