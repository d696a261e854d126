// Cartable's proof of work, for anonymous browsers while the platform is under attack.
// The page hands the challenge to a web worker, which looks for the smallest counter n such
// that SHA-256(challenge + ":" + n) begins with `difficulty` zero bits, and the page posts it.
// One file, two roles: loaded by the page, or run as the worker itself.
"use strict";
(function () {
  var K = [
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2
  ];
  var w = new Int32Array(64);

  // SHA-256 of `length` bytes of `message` (a Uint8Array with room for the padding).
  function sha256(message, length) {
    var padded = ((length + 9 + 63) >> 6) << 6;
    message.fill(0, length, padded);
    message[length] = 0x80;
    var bits = length * 8;
    message[padded - 4] = (bits >>> 24) & 255;
    message[padded - 3] = (bits >>> 16) & 255;
    message[padded - 2] = (bits >>> 8) & 255;
    message[padded - 1] = bits & 255;
    var h = [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19];
    for (var at = 0; at < padded; at += 64) {
      var i;
      for (i = 0; i < 16; i++) {
        var o = at + 4 * i;
        w[i] = (message[o] << 24) | (message[o + 1] << 16) | (message[o + 2] << 8) | message[o + 3];
      }
      for (i = 16; i < 64; i++) {
        var x = w[i - 15], y = w[i - 2];
        var s0 = ((x >>> 7) | (x << 25)) ^ ((x >>> 18) | (x << 14)) ^ (x >>> 3);
        var s1 = ((y >>> 17) | (y << 15)) ^ ((y >>> 19) | (y << 13)) ^ (y >>> 10);
        w[i] = (w[i - 16] + s0 + w[i - 7] + s1) | 0;
      }
      var a = h[0], b = h[1], c = h[2], d = h[3], e = h[4], f = h[5], g = h[6], k = h[7];
      for (i = 0; i < 64; i++) {
        var t1 = (k + (((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7))) +
          ((e & f) ^ (~e & g)) + K[i] + w[i]) | 0;
        var t2 = ((((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10))) +
          ((a & b) ^ (a & c) ^ (b & c))) | 0;
        k = g; g = f; f = e; e = (d + t1) | 0; d = c; c = b; b = a; a = (t1 + t2) | 0;
      }
      h[0] = (h[0] + a) | 0; h[1] = (h[1] + b) | 0; h[2] = (h[2] + c) | 0; h[3] = (h[3] + d) | 0;
      h[4] = (h[4] + e) | 0; h[5] = (h[5] + f) | 0; h[6] = (h[6] + g) | 0; h[7] = (h[7] + k) | 0;
    }
    return h;
  }

  function leadingZeroBits(h) {
    for (var i = 0; i < 8; i++) {
      if (h[i] !== 0) return 32 * i + Math.clz32(h[i]);
    }
    return 256;
  }

  // The smallest counter that solves the challenge written `text`.
  function solve(text, difficulty) {
    var message = new Uint8Array(text.length + 32 + 72);
    for (var i = 0; i < text.length; i++) message[i] = text.charCodeAt(i);
    message[text.length] = 58; // ":"
    for (var n = 0; ; n++) {
      var digits = String(n), length = text.length + 1;
      for (var j = 0; j < digits.length; j++) message[length++] = digits.charCodeAt(j);
      if (leadingZeroBits(sha256(message, length)) >= difficulty) return digits;
    }
  }

  if (typeof document === "undefined") {
    self.onmessage = function (event) {
      self.postMessage(solve(event.data.text, event.data.difficulty));
    };
    return;
  }
  var form = document.getElementById("pow");
  if (!form) return;
  var text = form.getAttribute("data-challenge");
  var difficulty = Number(form.getAttribute("data-difficulty"));
  var send = function (nonce) {
    form.elements.nonce.value = nonce;
    form.submit();
  };
  if (window.Worker) {
    var worker = new Worker(document.currentScript.src);
    worker.onmessage = function (event) { send(event.data); };
    worker.postMessage({ text: text, difficulty: difficulty });
  } else {
    setTimeout(function () { send(solve(text, difficulty)); }, 0);
  }
})();
