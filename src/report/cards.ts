/**
 * One card per student, to hand out: how to reach their own node1 and node2 (the `ssh` command
 * and a config snippet), their key, and the scenario to follow. In French first (the workshop is
 * French), then in English. Markdown to print or mail, HTML to open in a browser.
 */
export interface CardData {
  student: string;
  lab: string;
  className: string;
  /** Where the nodes' SSH is published (127.0.0.1 when only the trainer's host can reach them). */
  address: string;
  nodes: { name: string; ip: string; port: number }[];
  /** The lab's private key (it opens this student's nodes, and no other lab's). */
  key: string;
  scenario: { name: string; title: string };
}

const keyFile = (c: CardData) => `~/.ssh/${c.lab}`;

function sshCommand(c: CardData, n: CardData['nodes'][number]): string {
  return `ssh -i ${keyFile(c)} -p ${n.port} vagrant@${c.address}`;
}

function configSnippet(c: CardData): string {
  return c.nodes
    .map((n) => [`Host ${c.lab}-${n.name}`, `  HostName ${c.address}`, `  Port ${n.port}`, '  User vagrant', `  IdentityFile ${keyFile(c)}`, '  IdentitiesOnly yes', '  StrictHostKeyChecking accept-new'].join('\n'))
    .join('\n\n');
}

export function renderCardMarkdown(c: CardData): string {
  const nodes = c.nodes.map((n) => `| ${n.name} | \`${sshCommand(c, n)}\` | ${n.ip} |`).join('\n');
  return `# ${c.student} — lab \`${c.lab}\` (classe ${c.className})

## Français

Votre lab : deux machines, **node1** et **node2**, rien qu'à vous. Scénario à suivre :
**${c.scenario.title}** (\`${c.scenario.name}\`).

1. Enregistrez la clé ci-dessous dans \`${keyFile(c)}\`, puis \`chmod 600 ${keyFile(c)}\`.
2. Connectez-vous :

| machine | commande | IP privée (entre les nœuds) |
| --- | --- | --- |
${nodes}

Tapez les commandes du support vous-même ; le formateur voit votre avancement étape par étape.
Remplacez les adresses 192.168.99.x du support par les IP privées ci-dessus.

## English

Your lab: two machines, **node1** and **node2**, yours alone. Scenario to follow:
**${c.scenario.title}** (\`${c.scenario.name}\`). Save the key below as \`${keyFile(c)}\`
(\`chmod 600\`), connect with the commands in the table above, and type the handout's commands
yourself (with the private IPs above instead of 192.168.99.x); the trainer sees your progress.

## ~/.ssh/config

\`\`\`
${configSnippet(c)}
\`\`\`

## Clé / key (${keyFile(c)})

\`\`\`
${c.key.trim()}
\`\`\`
`;
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export function renderCardHtml(c: CardData): string {
  const rows = c.nodes.map((n) => `<tr><td>${esc(n.name)}</td><td><code>${esc(sshCommand(c, n))}</code></td><td>${esc(n.ip)}</td></tr>`).join('');
  return `<!doctype html>
<html lang="fr"><head><meta charset="utf-8"><title>${esc(c.student)} — lab ${esc(c.lab)}</title>
<style>body{font:15px/1.45 system-ui,sans-serif;max-width:48rem;margin:2rem auto;padding:0 1rem}code,pre{background:#f4f4f4;padding:.1rem .3rem}pre{padding:.6rem;overflow:auto}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.3rem .5rem;text-align:left}</style></head>
<body>
<h1>${esc(c.student)} — lab <code>${esc(c.lab)}</code></h1>
<p lang="fr">Votre lab : <b>node1</b> et <b>node2</b>, rien qu'à vous. Scénario : <b>${esc(c.scenario.title)}</b> (<code>${esc(c.scenario.name)}</code>).
Enregistrez la clé dans <code>${esc(keyFile(c))}</code> (<code>chmod 600</code>), puis connectez-vous :</p>
<p lang="en">Your lab: node1 and node2, yours alone. Save the key as <code>${esc(keyFile(c))}</code> (<code>chmod 600</code>), then connect:</p>
<table><tr><th>machine</th><th>ssh</th><th>IP privée / private IP</th></tr>${rows}</table>
<h2>~/.ssh/config</h2><pre>${esc(configSnippet(c))}</pre>
<h2>Clé / key</h2><pre>${esc(c.key.trim())}</pre>
</body></html>
`;
}
