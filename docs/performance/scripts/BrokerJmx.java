// Broker request times over a window, by request type: java BrokerJmx.java <launcher pid> <seconds>
// (attaches to the launcher JVM, which runs the embedded broker; prints count and mean of each phase of each request type)
import com.sun.tools.attach.VirtualMachine;
import javax.management.*;
import javax.management.remote.*;
import java.util.*;
public class BrokerJmx {
  public static void main(String[] a) throws Exception {
    VirtualMachine vm = VirtualMachine.attach(a[0]);
    String url = vm.startLocalManagementAgent();
    MBeanServerConnection c = JMXConnectorFactory.connect(new JMXServiceURL(url)).getMBeanServerConnection();
    String[] names = {"TotalTimeMs","RequestQueueTimeMs","LocalTimeMs","RemoteTimeMs","ResponseQueueTimeMs","ResponseSendTimeMs"};
    Map<String,double[]> first = snap(c, names);
    Thread.sleep(Long.parseLong(a[1]) * 1000);
    Map<String,double[]> second = snap(c, names);
    // mean over the window = d(sum)/d(count); Mean*Count = sum
    TreeMap<String, String> out = new TreeMap<>();
    for (var e : second.entrySet()) {
      double[] s = e.getValue(); double[] f = first.getOrDefault(e.getKey(), new double[]{0,0});
      double dc = s[0]-f[0]; if (dc <= 0) continue;
      out.put(e.getKey(), String.format("n=%.0f mean=%.2f", dc, (s[1]-f[1])/dc));
    }
    out.forEach((k,v) -> System.out.println(k + " " + v));
    for (String q : new String[]{"kafka.network:type=RequestChannel,name=RequestQueueSize","kafka.server:type=KafkaRequestHandlerPool,name=RequestHandlerAvgIdlePercent","kafka.network:type=SocketServer,name=NetworkProcessorAvgIdlePercent"}) {
      for (ObjectName on : c.queryNames(new ObjectName(q), null)) {
        try { System.out.println(on + " " + c.getAttribute(on, "Value")); } catch (Exception ex) { try { System.out.println(on + " OneMinuteRate " + c.getAttribute(on, "OneMinuteRate")); } catch (Exception ey) {} }
      }
    }
  }
  static Map<String,double[]> snap(MBeanServerConnection c, String[] names) throws Exception {
    Map<String,double[]> m = new HashMap<>();
    for (String n : names) for (ObjectName on : c.queryNames(new ObjectName("kafka.network:type=RequestMetrics,name=" + n + ",*"), null)) {
      String req = on.getKeyProperty("request"); if (on.getKeyProperty("version") != null) continue;
      double count = ((Number) c.getAttribute(on, "Count")).doubleValue();
      double mean = ((Number) c.getAttribute(on, "Mean")).doubleValue();
      m.put(req + " " + n, new double[]{count, mean*count});
    }
    return m;
  }
}
