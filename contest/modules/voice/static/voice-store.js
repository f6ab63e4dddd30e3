/* Takes kept in IndexedDB until the server acknowledges them: a reload, a crash or a network
 * cut loses nothing, and an interrupted upload resumes from where the server stands. */
(function () {
  "use strict";
  const DB = "contest-voice";
  const STORE = "takes";

  function open() {
    return new Promise((resolve, reject) => {
      const request = window.indexedDB.open(DB, 1);
      request.onupgradeneeded = () => {
        const store = request.result.createObjectStore(STORE, { keyPath: "takeId" });
        store.createIndex("attempt", "attemptId");
      };
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
  }

  async function run(mode, work) {
    const db = await open();
    return new Promise((resolve, reject) => {
      const tx = db.transaction(STORE, mode);
      const result = work(tx.objectStore(STORE));
      tx.oncomplete = () => { db.close(); resolve(result && result.result); };
      tx.onerror = () => { db.close(); reject(tx.error); };
    });
  }

  window.VoiceStore = {
    put: (take) => run("readwrite", (store) => store.put(take)),
    remove: (takeId) => run("readwrite", (store) => store.delete(takeId)),
    forAttempt: (attemptId) => run("readonly", (store) => store.index("attempt").getAll(attemptId)),
  };
})();
