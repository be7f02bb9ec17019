#include "backends/proxy/fake_upstream.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cctype>
#include <stdexcept>

namespace ankc::proxy {

namespace {

size_t content_length(const std::string& head) {
  std::string lower;
  for (char c : head) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  size_t at = lower.find("\r\ncontent-length:");
  if (at == std::string::npos) return 0;
  return std::stoul(lower.substr(at + 17));
}

void write_all(int fd, const std::string& bytes) {
  size_t sent = 0;
  while (sent < bytes.size()) {
    ssize_t n = ::send(fd, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) return;
    sent += static_cast<size_t>(n);
  }
}

}  // namespace

bool read_http_request(int fd, std::string& out) {
  out.clear();
  char buf[4096];
  size_t head_end = std::string::npos;
  while (true) {
    if (head_end == std::string::npos) {
      head_end = out.find("\r\n\r\n");
      if (head_end != std::string::npos) head_end += 4;
    }
    if (head_end != std::string::npos && out.size() >= head_end + content_length(out.substr(0, head_end)))
      return true;
    ssize_t n = ::recv(fd, buf, sizeof buf, 0);
    if (n <= 0) return false;
    out.append(buf, static_cast<size_t>(n));
  }
}

FakeUpstream::FakeUpstream(Mode mode, Reply reply, int port) : mode_(mode), reply_(std::move(reply)) {
  listen_fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
  int yes = 1;
  if (listen_fd_ >= 0) ::setsockopt(listen_fd_, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = htons(static_cast<uint16_t>(port));
  if (listen_fd_ < 0 || ::bind(listen_fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
      ::listen(listen_fd_, 128) != 0)
    throw std::runtime_error("FakeUpstream: cannot listen on 127.0.0.1");
  socklen_t len = sizeof addr;
  ::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&addr), &len);
  port_ = ntohs(addr.sin_port);
  acceptor_ = std::thread([this] { accept_loop(); });
}

FakeUpstream::~FakeUpstream() {
  stopping_ = true;
  acceptor_.join();
  {
    std::lock_guard lock(mutex_);
    for (int fd : client_fds_) ::shutdown(fd, SHUT_RDWR);
  }
  for (auto& thread : threads_) thread.join();
  for (int fd : client_fds_) ::close(fd);
  ::close(listen_fd_);
}

std::vector<std::string> FakeUpstream::requests() const {
  std::lock_guard lock(mutex_);
  return requests_;
}

void FakeUpstream::accept_loop() {
  while (!stopping_) {
    pollfd p{listen_fd_, POLLIN, 0};
    if (::poll(&p, 1, 20) <= 0) continue;
    int fd = ::accept(listen_fd_, nullptr, nullptr);
    if (fd < 0) continue;
    ++connections_;
    std::lock_guard lock(mutex_);
    client_fds_.push_back(fd);
    threads_.emplace_back([this, fd] { serve(fd); });
  }
}

void FakeUpstream::serve(int fd) {
  if (mode_ == Mode::kGarbage) {
    write_all(fd, "SSH-2.0-OpenSSH_9.2 not an HTTP server\r\n\r\n");
    ::shutdown(fd, SHUT_RDWR);
    return;
  }
  std::string request;
  while (!stopping_ && read_http_request(fd, request)) {
    {
      std::lock_guard lock(mutex_);
      requests_.push_back(request);
    }
    if (mode_ == Mode::kSilent) continue;
    std::string response = reply_(request);
    write_all(fd, response);
    if (response.find("Connection: close") != std::string::npos) {
      ::shutdown(fd, SHUT_RDWR);
      return;
    }
  }
  // kSilent: hold the connection until the destructor shuts it down.
  char buf[256];
  while (!stopping_ && ::recv(fd, buf, sizeof buf, 0) > 0) {
  }
}

}  // namespace ankc::proxy
