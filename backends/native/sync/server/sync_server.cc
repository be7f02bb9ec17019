#include "backends/native/sync/server/sync_server.h"

#include <pistache/endpoint.h>
#include <pistache/http.h>
#include <pistache/net.h>

#include <ostream>
#include <stdexcept>

namespace ankc::native::sync {

namespace {

// Pistache 0.0.5 does not write raw response headers, only typed ones.
class OriginalSize : public Pistache::Http::Header::Header {
 public:
  NAME("anki-original-size")
  OriginalSize() = default;
  explicit OriginalSize(size_t size) : size_(size) {}
  void parse(const std::string& data) override { size_ = std::stoull(data); }
  void write(std::ostream& os) const override { os << size_; }

 private:
  size_t size_ = 0;
};

// Pistache clones the handler per worker thread; every clone shares the one service.
class Handler : public Pistache::Http::Handler {
 public:
  HTTP_PROTOTYPE(Handler)

  explicit Handler(std::shared_ptr<SyncService> service) : service_(std::move(service)) {}

  void onRequest(const Pistache::Http::Request& request, Pistache::Http::ResponseWriter response) override {
    std::optional<std::string> header;
    if (auto raw = request.headers().tryGetRaw("anki-sync")) header = raw->value();
    std::string method = Pistache::Http::methodString(request.method());
    SyncReply reply = service_->handle(method, request.resource(), header, request.body());
    if (reply.original_size) {
      response.headers().add<OriginalSize>(*reply.original_size);
    }
    auto mime = reply.status < 300 ? MIME(Application, OctetStream) : MIME(Text, Plain);
    response.send(static_cast<Pistache::Http::Code>(reply.status), reply.body, mime);
  }

 private:
  std::shared_ptr<SyncService> service_;
};

}  // namespace

struct SyncServer::Impl {
  SyncServerOptions options;
  SystemClock system_clock;
  SeededRandom system_random = SeededRandom::make_system();
  Clock* clock;
  Random* random;
  std::shared_ptr<SyncService> service;
  std::unique_ptr<Pistache::Http::Endpoint> endpoint;
  uint16_t port = 0;
};

SyncServer::SyncServer(SyncServerOptions options, Clock* clock, Random* random) : impl_(std::make_unique<Impl>()) {
  impl_->options = std::move(options);
  impl_->clock = clock ? clock : &impl_->system_clock;
  impl_->random = random ? random : &impl_->system_random;
}

SyncServer::~SyncServer() { stop(); }

void SyncServer::start() {
  Impl& d = *impl_;
  if (d.endpoint) return;
  if (d.options.users.empty()) throw std::runtime_error("sync server: no user configured (SYNC_USER1=name:password)");
  size_t max_bytes = d.options.max_payload_mib << 20;
  d.service = std::make_shared<SyncService>(d.options.base, d.options.users, max_bytes, *d.clock, *d.random);
  Pistache::Address address(d.options.host, Pistache::Port(d.options.port));
  auto endpoint = std::make_unique<Pistache::Http::Endpoint>(address);
  // Pistache refuses larger bodies itself (with its own 413 text); the service answers a bare 413 for
  // anything between the limit and the slack.
  auto opts = Pistache::Http::Endpoint::options()
                  .threads(d.options.threads)
                  .flags(Pistache::Tcp::Options::ReuseAddr)
                  .maxRequestSize(max_bytes + (1u << 20))
                  .maxResponseSize(3 * max_bytes + (1u << 20));
  endpoint->init(opts);
  endpoint->setHandler(Pistache::Http::make_handler<Handler>(d.service));
  endpoint->serveThreaded();
  d.port = static_cast<uint16_t>(endpoint->getPort());
  d.endpoint = std::move(endpoint);
}

void SyncServer::stop() {
  Impl& d = *impl_;
  if (d.endpoint) {
    d.endpoint->shutdown();
    d.endpoint.reset();
  }
  d.service.reset();
  d.port = 0;
}

uint16_t SyncServer::port() const { return impl_->port; }

}  // namespace ankc::native::sync
