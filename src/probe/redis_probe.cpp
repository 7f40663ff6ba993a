#include "probe/address_probes.hpp"

#include <fmt/format.h>
#include <hiredis/hiredis.h>
#include <memory>

namespace dtx::probe {

namespace {

struct ContextCloser {
    void operator()(redisContext* c) const { redisFree(c); }
};
struct ReplyCloser {
    void operator()(redisReply* r) const { freeReplyObject(r); }
};
using Reply = std::unique_ptr<redisReply, ReplyCloser>;

class RedisProbe final : public Probe {
public:
    RedisProbe(Address address, kind::Credentials credentials)
        : m_address(std::move(address)), m_credentials(std::move(credentials)) {}

    std::string name() const override { return "redis"; }

    ProbeResult check() override {
        auto ms = k_attempt_timeout.count();
        timeval tv{static_cast<time_t>(ms / 1000), static_cast<suseconds_t>((ms % 1000) * 1000)};
        std::unique_ptr<redisContext, ContextCloser> ctx(
            redisConnectWithTimeout(m_address.host.c_str(), m_address.port, tv));
        if (!ctx || ctx->err != 0) {
            return ProbeResult::not_yet(ctx ? ctx->errstr : "out of memory");
        }
        redisSetTimeout(ctx.get(), tv);
        if (!m_credentials.password.empty()) {
            Reply auth(static_cast<redisReply*>(redisCommand(ctx.get(), "AUTH %s", m_credentials.password.c_str())));
            if (!auth) {
                return ProbeResult::not_yet(ctx->errstr);
            }
            if (auth->type == REDIS_REPLY_ERROR) {
                return ProbeResult::not_yet(fmt::format("AUTH: {}", auth->str));
            }
        }
        Reply pong(static_cast<redisReply*>(redisCommand(ctx.get(), "PING")));
        if (!pong) {
            return ProbeResult::not_yet(ctx->errstr);
        }
        if (pong->type == REDIS_REPLY_ERROR) {
            return ProbeResult::not_yet(fmt::format("PING: {}", pong->str));  // e.g. LOADING, NOAUTH
        }
        return ProbeResult::ready();
    }

private:
    Address m_address;
    kind::Credentials m_credentials;
};

}  // namespace

std::unique_ptr<Probe> redis_probe(Address address, kind::Credentials credentials) {
    return std::make_unique<RedisProbe>(std::move(address), std::move(credentials));
}

}  // namespace dtx::probe
