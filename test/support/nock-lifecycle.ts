// nock patches Node's shared http/net modules, which outlive each test file's module registry inside a
// jest worker. A test file that used nock must restore them, or the next file in the same worker gets a
// second interceptor layered on the first (recursive socket handling, EMFILE).
import nock from 'nock';

export function restoreNock(): void {
  nock.cleanAll();
  nock.enableNetConnect();
  nock.restore();
}
