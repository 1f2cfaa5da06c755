import { classifyInbound, normalizeKeywordText } from '../../../server/subscribers/keywords.js';

describe('classifyInbound', () => {
  const table: Array<[string, string, string | null]> = [
    // opt-out: every keyword, any case, accents and punctuation ignored
    ['STOP', 'opt_out', 'STOP'],
    ['stop', 'opt_out', 'STOP'],
    ['Stop!', 'opt_out', 'STOP'],
    ['stop!', 'opt_out', 'STOP'],
    ['  S.T.O.P  ', 'opt_out', 'STOP'],
    ['STOPALL', 'opt_out', 'STOPALL'],
    ['stop all', 'opt_out', 'STOPALL'],
    ['Unsubscribe', 'opt_out', 'UNSUBSCRIBE'],
    ['cancel', 'opt_out', 'CANCEL'],
    ['End.', 'opt_out', 'END'],
    ['quit', 'opt_out', 'QUIT'],
    ['revoke', 'opt_out', 'REVOKE'],
    ['OPTOUT', 'opt_out', 'OPTOUT'],
    ['opt-out', 'opt_out', 'OPTOUT'],
    ['Opt out', 'opt_out', 'OPTOUT'],
    ['remove', 'opt_out', 'REMOVE'],
    ['ARRET', 'opt_out', 'ARRET'],
    ['ARRÊT', 'opt_out', 'ARRET'],
    ['Arrêt', 'opt_out', 'ARRET'],
    ['arrêt.', 'opt_out', 'ARRET'],
    // STOP anywhere in the message (carrier requirement)
    ['please stop', 'opt_out', 'STOP'],
    ['Please STOP texting me!!', 'opt_out', 'STOP'],
    ['stop it', 'opt_out', 'STOP'],
    ['unsubscribe me please', 'opt_out', 'UNSUBSCRIBE'],
    ['arrêt svp', 'opt_out', 'ARRET'],
    // help
    ['HELP', 'help', 'HELP'],
    ['help?', 'help', 'HELP'],
    ['Info', 'help', 'INFO'],
    ['aide', 'help', 'AIDE'],
    ['AIDE !', 'help', 'AIDE'],
    // opt-in
    ['START', 'opt_in', 'START'],
    ['start', 'opt_in', 'START'],
    ['UNSTOP', 'opt_in', 'UNSTOP'],
    ['yes', 'opt_in', 'YES'],
    ['Yes!', 'opt_in', 'YES'],
    ['Y', 'opt_in', 'Y'],
    ['y.', 'opt_in', 'Y'],
    ['oui', 'opt_in', 'OUI'],
    ['JOIN', 'opt_in', 'JOIN'],
    // not keywords: sentences that merely contain an opt-in/help/cancel word are not commands
    ['yes please', 'none', null],
    ['can you help me with my order', 'none', null],
    ['cancel my order', 'none', null],
    ['the end is near', 'none', null],
    ['starting now', 'none', null],
    ['stopped', 'none', null],
    ['Hello', 'none', null],
    ['', 'none', null],
    ['!!!', 'none', null],
    ['🙂', 'none', null],
  ];

  it.each(table)('%j → %s %s', (body, kind, keyword) => {
    const result = classifyInbound(body);
    expect(result.kind).toBe(kind);
    expect('keyword' in result ? result.keyword : null).toBe(keyword);
  });

  it('tells exact opt-outs from opt-outs found inside a sentence', () => {
    expect(classifyInbound('STOP')).toEqual({ kind: 'opt_out', keyword: 'STOP', match: 'exact' });
    expect(classifyInbound('please stop')).toEqual({ kind: 'opt_out', keyword: 'STOP', match: 'contains' });
  });

  it('opt-out wins over an opt-in word in the same message', () => {
    expect(classifyInbound('yes stop').kind).toBe('opt_out');
  });

  it('normalizes case, accents and punctuation', () => {
    expect(normalizeKeywordText('  Arrêt, s’il vous plaît!  ')).toBe('ARRET S IL VOUS PLAIT');
  });
});
