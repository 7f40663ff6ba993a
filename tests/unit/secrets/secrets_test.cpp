#include "secrets/secrets.hpp"

#include <catch2/catch.hpp>
#include <thread>
#include <vector>

using dtx::secrets::SecretSet;

TEST_CASE("a registered secret is masked wherever it appears", "[util][mask]") {
    SecretSet set;
    set.add("Sup3r-s3cret!");
    CHECK(set.mask("the password is Sup3r-s3cret!, again Sup3r-s3cret!") == "the password is ****, again ****");
    CHECK(set.mask("nothing here") == "nothing here");
}

TEST_CASE("a secret's percent-encoded form is masked too", "[util][mask]") {
    SecretSet set;
    set.add("p@ss:w/rd");
    CHECK(set.mask("DATABASE_URL=postgres://app:p%40ss%3Aw%2Frd@127.0.0.1:5432/app") ==
          "DATABASE_URL=postgres://app:****@127.0.0.1:5432/app");
    CHECK(set.mask("redis-server --requirepass p@ss:w/rd") == "redis-server --requirepass ****");
}

TEST_CASE("the longest secret is masked first, so one containing another is hidden whole", "[util][mask]") {
    SecretSet set;
    set.add("s3cret");
    set.add("my-s3cret-key");
    CHECK(set.mask("key=my-s3cret-key short=s3cret") == "key=**** short=****");
}

TEST_CASE("values shorter than four characters are not registered", "[util][mask]") {
    SecretSet set;
    set.add("");
    set.add("pw");
    set.add("123");
    CHECK(set.mask("pw 123 at 1234 ms") == "pw 123 at 1234 ms");
    set.add("1234");
    CHECK(set.mask("pw 123 at 1234 ms") == "pw 123 at **** ms");
}

TEST_CASE("the password of a URL's userinfo is masked even when not registered", "[util][mask]") {
    SecretSet set;
    CHECK(set.mask("postgres://app:hunter2@127.0.0.1:49153/app?sslmode=disable") ==
          "postgres://app:****@127.0.0.1:49153/app?sslmode=disable");
    CHECK(set.mask("cannot reach redis://:pw@localhost:6379/0: refused") ==
          "cannot reach redis://:****@localhost:6379/0: refused");
}

TEST_CASE("clear forgets every secret", "[util][mask]") {
    SecretSet set;
    set.add("Sup3r-s3cret!");
    set.clear();
    CHECK(set.mask("Sup3r-s3cret!") == "Sup3r-s3cret!");
}

TEST_CASE("secrets are added and masked from several threads at once", "[util][mask]") {
    SecretSet set;
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t) {
        threads.emplace_back([&set, t] {
            for (int i = 0; i < 200; ++i) {
                set.add("secret-" + std::to_string(t) + "-" + std::to_string(i));
                (void)set.mask("secret-0-0 and more text");
            }
        });
    }
    for (auto& th : threads) {
        th.join();
    }
    CHECK(set.mask("secret-3-199 secret-0-0") == "**** ****");
}

TEST_CASE("the process's registry is what masked() applies", "[util][mask]") {
    dtx::secrets::add_secret("process-wide-Sup3r");
    CHECK(dtx::secrets::masked("x process-wide-Sup3r y") == "x **** y");
    dtx::secrets::secrets().clear();
}
