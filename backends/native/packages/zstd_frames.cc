#include "backends/native/packages/zstd_frames.h"

#include <zstd.h>

#include <fstream>
#include <vector>

#include "backends/action_error.h"
#include "backends/native/packages/zip_archive.h"
#include "compat/pyjson.h"

namespace ankc::native::packages {
namespace fs = std::filesystem;

namespace {
// Real packages stay far below this (a SQLite file with many free pages compresses ~100-fold);
// deflate itself cannot exceed ~1032-fold, zstd can reach millions.
constexpr int64_t kMaxRatio = 10000;
// Ratios are only judged past this size, where a bomb starts to matter.
constexpr int64_t kRatioFloor = 16 << 20;
}  // namespace

struct ZstdDecoder::Impl {
  std::string what;
  int64_t max_bytes;
  Sink sink;
  ZSTD_DStream* ds = ZSTD_createDStream();
  std::vector<char> out = std::vector<char>(ZSTD_DStreamOutSize());
  int64_t in_total = 0;
  int64_t out_total = 0;
  size_t last = 1;  // ZSTD_decompressStream's last return: 0 = a frame just ended
};

ZstdDecoder::ZstdDecoder(std::string what, int64_t max_bytes, Sink sink)
    : impl_(new Impl{std::move(what), max_bytes, std::move(sink)}) {
  ZSTD_initDStream(impl_->ds);
}

ZstdDecoder::~ZstdDecoder() {
  ZSTD_freeDStream(impl_->ds);
  delete impl_;
}

void ZstdDecoder::feed(const char* data, size_t size) {
  Impl& m = *impl_;
  m.in_total += static_cast<int64_t>(size);
  ZSTD_inBuffer in{data, size, 0};
  for (;;) {
    ZSTD_outBuffer out{m.out.data(), m.out.size(), 0};
    size_t before = in.pos;
    size_t r = ZSTD_decompressStream(m.ds, &out, &in);
    if (ZSTD_isError(r))
      throw ActionError("package member " + pyjson::repr_str(m.what) + " is not a valid zstd frame: " +
                        ZSTD_getErrorName(r));
    // 0 = a frame just ended; a later call with nothing new to read only hints at the next frame.
    if (r == 0 || in.pos > before || out.pos > 0) m.last = r;
    m.out_total += static_cast<int64_t>(out.pos);
    if (m.max_bytes > 0 && m.out_total > m.max_bytes)
      throw ActionError("package member " + pyjson::repr_str(m.what) + " decompresses to more than " +
                        std::to_string(m.max_bytes) + " bytes");
    if (m.out_total > kRatioFloor && m.out_total > m.in_total * kMaxRatio)
      throw ActionError("package member " + pyjson::repr_str(m.what) + " expands more than " +
                        std::to_string(kMaxRatio) + "-fold: refusing a likely zip bomb");
    if (out.pos) m.sink(m.out.data(), out.pos);
    if (out.pos < out.size && in.pos == in.size) break;  // needs more input
  }
}

int64_t ZstdDecoder::finish() {
  Impl& m = *impl_;
  if (m.in_total == 0 || m.last != 0)
    throw ActionError("package member " + pyjson::repr_str(m.what) + " is truncated (its zstd frame ends early)");
  return m.out_total;
}

bool read_zstd_member(const ZipReader& zip, const std::string& name, int64_t max_bytes, std::string& out) {
  out.clear();
  ZstdDecoder dec(name, max_bytes, [&](const char* d, size_t n) {
    zip.charge(static_cast<int64_t>(n));
    out.append(d, n);
  });
  if (!zip.for_each_chunk(name, [&](const char* d, size_t n) { dec.feed(d, n); })) return false;
  dec.finish();
  return true;
}

bool extract_zstd_member(const ZipReader& zip, const std::string& name, const fs::path& to) {
  std::ofstream file(to, std::ios::binary | std::ios::trunc);
  if (!file) throw ActionError("could not extract " + name + " from the package");
  ZstdDecoder dec(name, 0, [&](const char* d, size_t n) {
    zip.charge(static_cast<int64_t>(n));
    file.write(d, static_cast<std::streamsize>(n));
  });
  if (!zip.for_each_chunk(name, [&](const char* d, size_t n) { dec.feed(d, n); })) return false;
  dec.finish();
  file.close();
  if (!file) throw ActionError("could not extract " + name + " from the package");
  return true;
}

std::string zstd_compress(std::string_view data) {
  std::string out(ZSTD_compressBound(data.size()), '\0');
  size_t n = ZSTD_compress(out.data(), out.size(), data.data(), data.size(), ZSTD_CLEVEL_DEFAULT);
  if (ZSTD_isError(n)) throw ActionError(std::string("zstd compression failed: ") + ZSTD_getErrorName(n));
  out.resize(n);
  return out;
}

void zstd_compress_file(const fs::path& from, const fs::path& to) {
  std::ifstream in(from, std::ios::binary);
  std::ofstream out(to, std::ios::binary | std::ios::trunc);
  if (!in || !out) throw ActionError("could not compress " + from.string());
  std::error_code ec;
  auto size = fs::file_size(from, ec);
  ZSTD_CCtx* cctx = ZSTD_createCCtx();
  struct Free {
    ZSTD_CCtx* c;
    ~Free() { ZSTD_freeCCtx(c); }
  } free_ctx{cctx};
  ZSTD_CCtx_setParameter(cctx, ZSTD_c_compressionLevel, ZSTD_CLEVEL_DEFAULT);
  if (!ec && size > (10u << 20)) ZSTD_CCtx_setParameter(cctx, ZSTD_c_nbWorkers, 2);  // ignored without MT
  if (!ec) ZSTD_CCtx_setPledgedSrcSize(cctx, size);
  std::vector<char> ibuf(ZSTD_CStreamInSize()), obuf(ZSTD_CStreamOutSize());
  for (;;) {
    in.read(ibuf.data(), static_cast<std::streamsize>(ibuf.size()));
    size_t got = static_cast<size_t>(in.gcount());
    bool last = got < ibuf.size();
    ZSTD_inBuffer input{ibuf.data(), got, 0};
    ZSTD_EndDirective mode = last ? ZSTD_e_end : ZSTD_e_continue;
    bool done = false;
    while (!done) {
      ZSTD_outBuffer output{obuf.data(), obuf.size(), 0};
      size_t r = ZSTD_compressStream2(cctx, &output, &input, mode);
      if (ZSTD_isError(r)) throw ActionError(std::string("zstd compression failed: ") + ZSTD_getErrorName(r));
      out.write(obuf.data(), static_cast<std::streamsize>(output.pos));
      done = last ? r == 0 : input.pos == input.size;
    }
    if (last) break;
  }
  if (in.bad()) throw ActionError("could not read " + from.string());
  out.close();
  if (!out) throw ActionError("could not write " + to.string());
}

}  // namespace ankc::native::packages
